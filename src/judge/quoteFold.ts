/**
 * The folding both sides of the quote check go through (the quote and the review, the same way):
 * whatever is folded in a quote is folded in the review, so folding can only make two texts that
 * differ in formatting or punctuation compare equal. Words, digits, signs, comparison operators and
 * symbols such as ✅/❌ or ○/△/× are kept: changing one of those changes what a sentence says.
 * Pure: no I/O.
 */
import { identityMapped, mapClusters, mapClustersText, rebuild, rebuildText, rewrite, rewriteText, sameLength, type MappedText, type Piece, type Walk } from './mappedText.ts';

/** Kana, kanji and CJK punctuation: characters between which spacing carries no meaning. */
const CJK = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\u3000-\u303f`;
const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');

/** Marks that belong to the character before them; NFKC composes them (`ｶﾞ` → `ガ`), so they fold as one cluster. */
const JOINS_PREVIOUS = /[\p{M}\u200d\uff9e\uff9f]/u;

/** Markers that only mean something at the start of a markdown line: headings, quotes, bullets, numbers, check boxes. */
const LINE_MARKERS = /^[ \t]*(?:>[ \t]*|(?:#{1,6}|[-+*•]|\d{1,3}[.)])(?:[ \t]+|$)|・[ \t]*|\[[ x]\](?:[ \t]+|$))*/gmu;
/** The same without list numbers, for a quote that keeps one inside it ("... Stripe). 2. Add a ..."). */
const LINE_MARKERS_BUT_NUMBERS = /^[ \t]*(?:>[ \t]*|(?:#{1,6}|[-+*•])(?:[ \t]+|$)|・[ \t]*|\[[ x]\](?:[ \t]+|$))*/gmu;

/** `[text](url)` and `![alt](src)`: judges quote the visible text. */
const LINK = /!?\[([^\]\n]*)\]\([^)\n]*\)/dg;

/** Arrows written with dashes or as symbols, one canonical arrow per direction. `<=` stays: it means ≤. */
const ARROWS: readonly [RegExp, string][] = [
  [/<-{1,2}>|<={1,2}>|[↔⟷⇔]/gu, ' ↔ '],
  [/[-‐‑‒–—―]{1,3}>|={1,2}>|[→⇒⟶⟹➔➜➝➞➡⇨↦⇾]/gu, ' → '],
  [/<-{1,2}(?!\d)|[←⇐⟵]/gu, ' ← '],
];

/** `!=` and `!==` mean ≠: folding the `!` away would turn "a != b" into "a = b". */
const NOT_EQUAL = /!==?/gu;

/**
 * Markdown emphasis and code markers: zero width when rendered, so deleted rather than spaced
 * (`**API**s` reads "APIs"). `_` is not among them: it joins identifiers (`chat_rooms`), which
 * judges also write `chat-rooms` or "chat rooms", so it folds to a space like `-`.
 */
const ZERO_WIDTH_MARKUP = /[*`´]+/gu;

/** Where the cluster starting at `at` ends: a code point and the marks joined to it. */
function clusterEnd(text: string, at: number): number {
  let i = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
  // Marks start at U+0300: the common case needs no regular expression.
  while (i < text.length && text.charCodeAt(i) >= 0x300 && JOINS_PREVIOUS.test(String.fromCodePoint(text.codePointAt(i)!))) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

/** NFKC; the minus sign becomes `-` so a signed number reads the same either way. ASCII is NFKC already. */
function foldCluster(cluster: string): string {
  if (cluster.length === 1 && cluster.charCodeAt(0) < 0x80) return cluster;
  return cluster.normalize('NFKC').replace(/[−﹣]/gu, '-');
}

/** Lower case, one for one where possible (almost always); per cluster where casing changes a length (`İ`). */
function lowerCase(t: MappedText): MappedText {
  return sameLength(t, t.text.toLowerCase()) ?? mapClusters(t, clusterEnd, (c) => c.toLowerCase());
}

/** `lowerCase` on a plain string, the same way. */
function lowerCaseText(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : mapClustersText(text, clusterEnd, (c) => c.toLowerCase());
}

/** NFKC per cluster, skipped for a text that NFKC leaves alone but for the minus sign. */
function nfkc(t: MappedText): MappedText {
  if (t.text.normalize('NFKC') === t.text) return sameLength(t, t.text.replace(/[−﹣]/gu, '-'))!;
  return mapClusters(t, clusterEnd, foldCluster);
}

/** `nfkc` on a plain string, the same way. */
function nfkcText(text: string): string {
  if (text.normalize('NFKC') === text) return text.replace(/[−﹣]/gu, '-');
  return mapClustersText(text, clusterEnd, foldCluster);
}

/** Character classes of the last pass, by UTF-16 code unit, filled on first use: fold, keep, white space. */
const FOLD = 1;
const KEEP = 2;
const WHITE = 3;
const CLASSES = new Uint8Array(0x10000);

/** Punctuation and separators that become a space: quote marks, dashes, brackets, pipes, box drawing. */
function classOf(code: number): number {
  let c = CLASSES[code]!;
  if (c === 0) {
    const ch = String.fromCharCode(code);
    // Surrogate halves stay: astral punctuation is rare, and an emoji must not be cut in two.
    c = code >= 0xd800 && code <= 0xdfff ? KEEP : /\s/u.test(ch) ? WHITE : /[\p{P}|~^¦\u2500-\u257f]/u.test(ch) && !'%‰'.includes(ch) ? FOLD : KEEP;
    CLASSES[code] = c;
  }
  return c;
}

const isDigitAt = (text: string, i: number) => i >= 0 && i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57;
const isWordAt = (text: string, i: number) => i >= 0 && i < text.length && /[\p{L}\p{N}]/u.test(text[i]!);

/** Whether character i reads as a space: white space, or punctuation that folds (`.`/`,` inside a number and a sign `-` do not). */
function spaceLike(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  const c = classOf(code);
  if (c !== FOLD) return c === WHITE;
  if (code === 0x2e || code === 0x2c) return !(isDigitAt(text, i - 1) && isDigitAt(text, i + 1));
  if (code === 0x2d) return !(isDigitAt(text, i + 1) && !isWordAt(text, i - 1));
  return true;
}

/**
 * The last pass as one walk: punctuation that folds and white space become one space per run, a
 * lone `+` (a bullet inside a quote that spans lines) joins the run, and a space is kept only
 * between two kept characters neither of which is CJK (trimmed, none next to Japanese).
 */
function finish(text: string): Walk {
  return (keep, insert) => {
    const n = text.length;
    const space = new Uint8Array(n);
    for (let i = 0; i < n; i++) space[i] = spaceLike(text, i) ? 1 : 0;
    for (let i = 0; i < n; i++) {
      if (text.charCodeAt(i) !== 0x2b || (i > 0 && !space[i - 1])) continue;
      let j = i;
      while (j < n && text.charCodeAt(j) === 0x2b) j++;
      if (j === n || space[j]) space.fill(1, i, j);
      i = j - 1;
    }
    let last = -1;
    for (let i = 0; i < n; ) {
      if (!space[i]) {
        keep(i);
        last = i++;
        continue;
      }
      let j = i;
      while (j < n && space[j]) j++;
      const between = last >= 0 && j < n && !isCjk(text[last]!) && !isCjk(text[j]!);
      if (between) insert(' ', i, j);
      i = j;
    }
  };
}

/**
 * Folds text for the quote check, remembering where each folded character came from:
 * NFKC and lower case; markdown line markers (`#`, `>`, `-`/`*`/`+`/`•`/`・` bullets, `1.`
 * numbers, `[ ]`) dropped at line start; links reduced to their text; `*` and `` ` `` deleted;
 * arrows (`->`, `=>`, `→`, `⇒`, ...) made one `→` (and `←`, `↔`); `!=` made `≠`; every other
 * punctuation mark (quote marks of any kind, dashes, `_`, brackets, `.`, `,`, `:`, `;`, `/`, `#`, `、`,
 * `。`, `「」`), table pipes, `~`, `^` and box drawing made a space, except `.`/`,` between digits,
 * `-` before a digit (a sign) and `%`; lone `+` tokens dropped; whitespace runs made one space;
 * spaces next to a CJK character dropped (Japanese has none, markdown wrapping inserts them); trimmed.
 * `keepListNumbers` keeps `1.` numbers at line start (as `1`): the second reading of a quote that
 * joins numbered items with their numbers.
 */
export function foldForQuote(text: string, keepListNumbers = false): MappedText {
  let t = lowerCase(nfkc(identityMapped(text)));
  for (const [re, replace] of passes(keepListNumbers)) t = rewrite(t, re, replace);
  return rebuild(t, finish(t.text));
}

/** `foldForQuote(text).text` without the offset maps: what a judge's quote needs, at a fraction of the cost. */
export function foldQuoteText(text: string, keepListNumbers = false): string {
  let t = lowerCaseText(nfkcText(text));
  for (const [re, replace] of passes(keepListNumbers)) t = rewriteText(t, re, replace);
  return rebuildText(t, finish(t));
}

type Pass = readonly [RegExp, (m: RegExpExecArray) => readonly Piece[]];

const drop = () => [];
/** The regular-expression passes after NFKC and lower case, in order, before `finish`; the same for the mapped and the plain form. */
const PASSES: readonly Pass[] = [
  [/\r\n?/g, () => ['\n']],
  [LINE_MARKERS, drop],
  [LINK, (m) => [{ keep: m.indices![1]![0] - m.index, length: m[1]!.length }]],
  ...ARROWS.map(([re, arrow]): Pass => [re, () => [arrow]]),
  [NOT_EQUAL, () => ['≠']],
  [ZERO_WIDTH_MARKUP, drop],
];
const PASSES_KEEPING_NUMBERS: readonly Pass[] = PASSES.map((p) => (p[0] === LINE_MARKERS ? [LINE_MARKERS_BUT_NUMBERS, drop] : p));
const passes = (keepListNumbers: boolean) => (keepListNumbers ? PASSES_KEEPING_NUMBERS : PASSES);

/** Width of folded text as `MIN_QUOTE_WIDTH` counts it: a CJK character counts 2, anything else 1. */
export function quoteWidth(folded: string): number {
  let width = 0;
  for (const ch of folded) width += isCjk(ch) ? 2 : 1;
  return width;
}

/** Whether a character is kana, kanji or CJK punctuation (none is ASCII: the common case needs no regular expression). */
export function isCjk(ch: string): boolean {
  return ch.charCodeAt(0) >= 0x80 && CJK_CHAR.test(ch);
}

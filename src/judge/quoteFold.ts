/**
 * The folding both sides of the quote check go through (the quote and the review, the same way):
 * whatever is folded in a quote is folded in the review, so folding can only make two texts that
 * differ in formatting or punctuation compare equal. Words, digits, signs, comparison operators and
 * symbols such as ✅/❌ or ○/△/× are kept: changing one of those changes what a sentence says.
 * Pure: no I/O.
 */
import { identityMapped, mapClusters, mapClustersText, rewrite, rewriteText, sameLength, type MappedText, type Piece } from './mappedText.ts';

/** Kana, kanji and CJK punctuation: characters between which spacing carries no meaning. */
const CJK = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\u3000-\u303f`;
const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}]) | (?=[${CJK}])`, 'gu');

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

/** Bullet-like tokens standing alone mid-line: what a line-start `+` or `>` becomes inside a quote that spans lines. */
const BARE_MARKERS = /(?<=^|\s)[+>]+(?=\s|$)/gu;

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

/**
 * Punctuation and separators that become a space (runs of them at once), except `%`/`‰`, `.`/`,`
 * between digits and `-` as the sign of a number (before a digit, not after a letter or digit).
 */
const FOLDED_RUN = /(?:[^\P{P}.,%‰-]|[|~^¦\u2500-\u257f]|(?<!\d)[.,]|[.,](?!\d)|-(?!\d)|(?<=[\p{L}\p{N}])-)+/gu;

/**
 * Folds text for the quote check, remembering where each folded character came from:
 * NFKC and lower case; markdown line markers (`#`, `>`, `-`/`*`/`+`/`•`/`・` bullets, `1.`
 * numbers, `[ ]`) dropped at line start; links reduced to their text; `*` and `` ` `` deleted;
 * arrows (`->`, `=>`, `→`, `⇒`, ...) made one `→` (and `←`, `↔`); `!=` made `≠`; every other
 * punctuation mark (quote marks of any kind, dashes, `_`, brackets, `.`, `,`, `:`, `;`, `/`, `#`, `、`,
 * `。`, `「」`), table pipes, `~`, `^` and box drawing made a space, except `.`/`,` between digits,
 * `-` before a digit (a sign) and `%`; lone `+`/`>` tokens dropped; whitespace runs made one space;
 * spaces next to a CJK character dropped (Japanese has none, markdown wrapping inserts them); trimmed.
 * `keepListNumbers` keeps `1.` numbers at line start (as `1`): the second reading of a quote that
 * joins numbered items with their numbers.
 */
export function foldForQuote(text: string, keepListNumbers = false): MappedText {
  let t = lowerCase(nfkc(identityMapped(text)));
  for (const [re, replace] of passes(keepListNumbers)) t = rewrite(t, re, replace);
  return t;
}

/** `foldForQuote(text).text` without the offset maps: what a judge's quote needs, at a fraction of the cost. */
export function foldQuoteText(text: string, keepListNumbers = false): string {
  let t = lowerCaseText(nfkcText(text));
  for (const [re, replace] of passes(keepListNumbers)) t = rewriteText(t, re, replace);
  return t;
}

type Pass = readonly [RegExp, (m: RegExpExecArray) => readonly Piece[]];

const drop = () => [];
/** The passes after NFKC and lower case, in order; the same for the mapped and the plain form. */
const PASSES: readonly Pass[] = [
  [/\r\n?/g, () => ['\n']],
  [LINE_MARKERS, drop],
  [LINK, (m) => [{ keep: m.indices![1]![0] - m.index, length: m[1]!.length }]],
  ...ARROWS.map(([re, arrow]): Pass => [re, () => [arrow]]),
  [NOT_EQUAL, () => ['≠']],
  [ZERO_WIDTH_MARKUP, drop],
  [FOLDED_RUN, () => [' ']],
  [BARE_MARKERS, drop],
  // Whitespace runs made one space; a lone space is already one (not matched: most words end in one).
  [/[^\S ]\s*| \s+/gu, () => [' ']],
  [/^ | $/g, drop],
  [SPACE_NEXT_TO_CJK, drop],
];
const PASSES_KEEPING_NUMBERS: readonly Pass[] = PASSES.map((p) => (p[0] === LINE_MARKERS ? [LINE_MARKERS_BUT_NUMBERS, drop] : p));
const passes = (keepListNumbers: boolean) => (keepListNumbers ? PASSES_KEEPING_NUMBERS : PASSES);

/** Width of folded text as `MIN_QUOTE_WIDTH` counts it: a CJK character counts 2, anything else 1. */
export function quoteWidth(folded: string): number {
  let width = 0;
  for (const ch of folded) width += CJK_CHAR.test(ch) ? 2 : 1;
  return width;
}

/** Whether a character is kana, kanji or CJK punctuation. */
export function isCjk(ch: string): boolean {
  return CJK_CHAR.test(ch);
}

/** Whether a text holds any kana, kanji or CJK punctuation (one scan, for a whole review). */
export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

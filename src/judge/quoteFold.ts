/**
 * The folding both sides of the quote check go through (the quote and the review, the same way):
 * whatever is folded in a quote is folded in the review, so folding can only make two texts that
 * differ in formatting or punctuation compare equal. Words, digits, signs, comparison operators and
 * symbols such as ✅/❌ or ○/△/× are kept: changing one of those changes what a sentence says.
 * Pure: no I/O.
 */
import { identityMapped, mapClusters, rewrite, type MappedText } from './mappedText.ts';

/** Kana, kanji and CJK punctuation: characters between which spacing carries no meaning. */
const CJK = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\u3000-\u303f`;
const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}]) | (?=[${CJK}])`, 'gu');

/** Marks that belong to the character before them; NFKC composes them (`ｶﾞ` → `ガ`), so they fold as one cluster. */
const JOINS_PREVIOUS = /[\p{M}\u200d\uff9e\uff9f]/u;

/** Markers that only mean something at the start of a markdown line: headings, quotes, bullets, numbers, check boxes. */
const LINE_MARKERS = /^[ \t]*(?:>[ \t]*|(?:#{1,6}|[-+*•]|\d{1,3}[.)])(?:[ \t]+|$)|・[ \t]*|\[[ x]\](?:[ \t]+|$))*/gmu;

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

/** Markdown emphasis and code markers: zero width when rendered, so deleted rather than spaced. */
const ZERO_WIDTH_MARKUP = /[*_`´]+/gu;

/** Punctuation and separators that become a space: quote marks, dashes, brackets, pipes, box drawing. */
const FOLDED = /[\p{P}|~^¦\u2500-\u257f]/u;

/** Bullet-like tokens standing alone mid-line: what a line-start `+` or `>` becomes inside a quote that spans lines. */
const BARE_MARKERS = /(?<=^|\s)[+>]+(?=\s|$)/gu;

/** Where the cluster starting at `at` ends: a code point and the marks joined to it. */
function clusterEnd(text: string, at: number): number {
  let i = at + (text.codePointAt(at)! > 0xffff ? 2 : 1);
  while (i < text.length && JOINS_PREVIOUS.test(String.fromCodePoint(text.codePointAt(i)!))) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

/** NFKC and lower case; the minus sign becomes `-` so a signed number reads the same either way. */
function foldCluster(cluster: string): string {
  return cluster.normalize('NFKC').toLowerCase().replace(/[−﹣]/gu, '-');
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';
const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** Whether the punctuation character at `i` is kept: `.`/`,` inside a number, `-` as the sign of one, `%`. */
function keepsPunctuation(text: string, i: number): boolean {
  const ch = text[i];
  if (ch === '%' || ch === '‰') return true;
  if (ch === '.' || ch === ',') return isDigit(text[i - 1]) && isDigit(text[i + 1]);
  if (ch === '-') return isDigit(text[i + 1]) && !isWordChar(text[i - 1]);
  return false;
}

/** Replaces folded punctuation by spaces, keeping the characters `keepsPunctuation` protects. */
function foldPunctuation(t: MappedText): MappedText {
  const source = t.text;
  return rewrite(t, /[\p{P}|~^¦\u2500-\u257f]/gu, (m) => (FOLDED.test(m[0]) && !keepsPunctuation(source, m.index) ? [' '] : [{ keep: 0, length: 1 }]));
}

/**
 * Folds text for the quote check, remembering where each folded character came from:
 * NFKC and lower case; markdown line markers (`#`, `>`, `-`/`*`/`+`/`•`/`・` bullets, `1.`
 * numbers, `[ ]`) dropped at line start; links reduced to their text; `*`, `_`, `` ` `` deleted;
 * arrows (`->`, `=>`, `→`, `⇒`, ...) made one `→` (and `←`, `↔`); `!=` made `≠`; every other
 * punctuation mark (quote marks of any kind, dashes, brackets, `.`, `,`, `:`, `;`, `/`, `#`, `、`,
 * `。`, `「」`), table pipes, `~`, `^` and box drawing made a space, except `.`/`,` between digits,
 * `-` before a digit (a sign) and `%`; lone `+`/`>` tokens dropped; whitespace runs made one space;
 * spaces next to a CJK character dropped (Japanese has none, markdown wrapping inserts them); trimmed.
 */
export function foldForQuote(text: string): MappedText {
  let t = mapClusters(identityMapped(text), clusterEnd, foldCluster);
  t = rewrite(t, /\r\n?/g, () => ['\n']);
  t = rewrite(t, LINE_MARKERS, () => []);
  t = rewrite(t, LINK, (m) => [{ keep: m.indices![1]![0] - m.index, length: m[1]!.length }]);
  for (const [re, arrow] of ARROWS) t = rewrite(t, re, () => [arrow]);
  t = rewrite(t, NOT_EQUAL, () => ['≠']);
  t = rewrite(t, ZERO_WIDTH_MARKUP, () => []);
  t = foldPunctuation(t);
  t = rewrite(t, BARE_MARKERS, () => []);
  t = rewrite(t, /\s+/gu, (m) => (m[0] === ' ' ? [{ keep: 0, length: 1 }] : [' ']));
  t = rewrite(t, /^ | $/g, () => []);
  return rewrite(t, SPACE_NEXT_TO_CJK, () => []);
}

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

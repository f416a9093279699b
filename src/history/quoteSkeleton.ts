/**
 * The ground truth of the quote regression set, independent of the checker under test: a text's
 * skeleton keeps only its words, letters and digits (NFKC, lower case, list numbers at line
 * start, `*`/`` ` `` markup and link targets dropped, every run of other characters one space, none next to CJK), so a quote whose
 * skeleton is in the review's skeleton differs from the review only in formatting, punctuation
 * or symbols (faithful), and a probe whose skeleton is not in it changed at least one word (an
 * alteration). Pure: no I/O.
 */

/** List and heading markers at line start, numbers included: they are layout, not text. */
const LINE_START = /^[ \t]*(?:(?:#{1,6}|>|[-+*•・]|\d{1,3}[.)]|\[[ xX]\])[ \t]*)*/gmu;
/** The same, list numbers kept: the reading of a quote that joins numbered items with their numbers. */
const LINE_START_BUT_NUMBERS = /^[ \t]*(?:(?:#{1,6}|>|[-+*•・]|\[[ xX]\])[ \t]*)*/gmu;

/** Ellipses a quote may elide with (the same family the checker splits on). */
const ELLIPSIS = /\.{3,}|(?:\. ){2}\.|…+|⋯+|‥+|・{3,}|．{3,}|。{3,}/u;

/** Kana and kanji: no spaces between words, so none are kept next to them. */
const CJK = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}`;
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=[${CJK}]) | (?=[${CJK}])`, 'gu');

/** Words, letters and digits only, lower case, NFKC; list numbers at line start dropped unless kept. */
export function skeleton(text: string, keepListNumbers = false): string {
  return text
    .normalize('NFKC')
    .replace(keepListNumbers ? LINE_START_BUT_NUMBERS : LINE_START, '')
    // A link reads as its text: `[the docs](https://...)` is "the docs".
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    // Emphasis and code markers are zero width when rendered: `**API**s` reads "APIs".
    .replace(/[*`]+/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim()
    .replace(SPACE_NEXT_TO_CJK, '');
}

/** A review's skeleton, computed once. */
export interface SkeletonIndex {
  /** The review's skeleton (list numbers dropped). */
  text: string;
  /** True when the text's skeleton occurs in the review's (an empty skeleton never does). */
  contains(text: string): boolean;
  /** True when every ellipsis-separated fragment's skeleton occurs, in order, however far apart. */
  containsElided(quote: string): boolean;
}

/** Builds a skeleton index of one review; a quote counts as in it under either reading of list numbers. */
export function skeletonIndex(review: string): SkeletonIndex {
  const text = skeleton(review);
  let withNumbers: string | null = null;
  const readings = (q: string, test: (reviewSkeleton: string, fold: (s: string) => string) => boolean) =>
    test(text, (s) => skeleton(s)) || (/\d/.test(q) && test((withNumbers ??= skeleton(review, true)), (s) => skeleton(s, true)));
  return {
    text,
    contains: (q) => readings(q, (r, fold) => fold(q) !== '' && r.includes(fold(q))),
    containsElided: (quote) => readings(quote, (r, fold) => inOrder(r, quote.split(ELLIPSIS).map(fold).filter((f) => f !== ''))),
  };
}

/** Whether every fragment occurs in order; leftmost matches leave the most room, so greedy is exact for an unbounded gap. */
function inOrder(text: string, fragments: readonly string[]): boolean {
  if (fragments.length === 0) return false;
  let from = 0;
  for (const f of fragments) {
    const at = text.indexOf(f, from);
    if (at < 0) return false;
    from = at + f.length;
  }
  return true;
}

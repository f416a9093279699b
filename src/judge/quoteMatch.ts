/**
 * Finds a judge's quote in a folded review: the whole quote verbatim, or, when the judge elided
 * parts with `...`/`…`, every fragment in order with at most `MAX_FRAGMENT_GAP` between one
 * fragment and the next. Every fragment counts, however short: a short fragment is accepted only
 * where it stands in the review within the gap after the fragment before it, so "real opening …
 * made-up tail" fails, and fragments of two findings far apart cannot be stitched together.
 * Pure: no I/O.
 */
import { OffsetMap } from './offsetMap.ts';
import { foldForQuote, foldQuoteText, hasCjk, quoteWidth, isCjk } from './quoteFold.ts';

/**
 * Minimum quote width after folding: a CJK character counts 2, anything else 1. 8 means ≥ 8
 * Latin characters (about two words) or ≥ 4 kana/kanji (one or two words), which carry roughly
 * the same information; shorter quotes match almost any review by chance. An elided quote needs
 * one fragment at least this wide.
 */
export const MIN_QUOTE_WIDTH = 8;

/**
 * Largest width (CJK characters count 2) of review text a judge's `...` may stand for between two
 * fragments: 600 is about a paragraph (five or six lines of a finding, 300 kana/kanji). Measured on
 * the historical graders' elided quotes in the corpus (100 that the review holds): median gap 83,
 * 98 of them at most 566; the two above (1,175 and 2,097) skip a code block or most of a long
 * finding and are rejected. Findings of a review are mostly further apart than this, so fragments
 * of two findings cannot be stitched into one quote (two short neighbouring findings still can:
 * no bound tells those apart).
 */
export const MAX_FRAGMENT_GAP = 600;

/** A list number inside a quote: the quote may have joined numbered items and kept their numbers. */
export const INNER_LIST_NUMBER = /\s\d{1,3}[.)]\s/u;

/** Ellipses a judge may use to elide part of a quote, optionally bracketed: `...`, `…`, `⋯`, `‥`, `・・・`, `[…]`. */
const ELLIPSIS = /\s*[[(（]?\s*(?:\.{3,}|(?:\. ){2}\.|…+|⋯+|‥+|・{3,}|．{3,}|。{3,})\s*[\])）]?\s*/u;

/** A review folded once, with prefix widths so a gap's width is one subtraction. Held for a whole run: kept compact. */
export interface FoldedReview {
  /** The folded text and where each of its characters came from in the review. */
  folded: { text: string; offsets: OffsetMap };
  /** `widthBefore[i]`: width of `folded.text.slice(0, i)`; null when no character is CJK (the width is then `i`). */
  widthBefore: Int32Array | null;
  /** Whether list numbers at line start were kept; the quote is folded the same way. */
  keepListNumbers: boolean;
}

/** Folds a review and computes its prefix widths (`keepListNumbers`: see `foldForQuote`). */
export function foldReview(reviewText: string, keepListNumbers = false): FoldedReview {
  const mapped = foldForQuote(reviewText, keepListNumbers);
  const text = mapped.text;
  let widthBefore: Int32Array | null = null;
  if (hasCjk(text)) {
    widthBefore = new Int32Array(text.length + 1);
    for (let i = 0; i < text.length; i++) widthBefore[i + 1] = widthBefore[i]! + (isCjk(text[i]!) ? 2 : 1);
  }
  return { folded: { text, offsets: OffsetMap.of(mapped) }, widthBefore, keepListNumbers };
}

/** Width of the folded review's first `i` characters. */
function widthAt(review: FoldedReview, i: number): number {
  return review.widthBefore ? review.widthBefore[i]! : i;
}

/** The quote's pieces between ellipses, as the judge wrote them (empty pieces dropped after folding). */
export function splitElisions(quote: string): string[] {
  return quote.split(ELLIPSIS).filter((piece) => foldQuoteText(piece) !== '');
}

/** A passage of the folded review: `[from, to)`. */
export interface FoldedSpan {
  from: number;
  to: number;
}

/** Why a quote is not found, for the `closest` explanation. */
export type MatchFailure =
  | { kind: 'empty' }
  | { kind: 'too-short'; width: number }
  | { kind: 'fragment-missing'; fragment: number; fragments: number }
  /** Found in the review, but not within the gap after the fragment before: `nearest` is its closest later occurrence. */
  | { kind: 'fragment-too-far'; fragment: number; fragments: number; nearest: { span: FoldedSpan; gap: number } | null };

/** Where the quote stands in the folded review, or why it does not. */
export type MatchResult = { found: true; span: FoldedSpan } | { found: false; failure: MatchFailure };

/** Finds a quote in a folded review (see the file comment for the rule); `maxGap` is for measurements only. */
export function matchQuote(review: FoldedReview, quote: string, maxGap = MAX_FRAGMENT_GAP): MatchResult {
  const text = review.folded.text;
  const fold = (s: string) => foldQuoteText(s, review.keepListNumbers);
  const whole = fold(quote);
  if (whole === '') return { found: false, failure: { kind: 'empty' } };
  // A literal `...` in the review (code, a quoted sentence) must still match as written.
  const wholeAt = quoteWidth(whole) >= MIN_QUOTE_WIDTH ? text.indexOf(whole) : -1;
  if (wholeAt >= 0) return { found: true, span: { from: wholeAt, to: wholeAt + whole.length } };
  const fragments = quote.split(ELLIPSIS).map(fold).filter((f) => f !== '');
  const widest = Math.max(0, ...fragments.map(quoteWidth));
  if (widest < MIN_QUOTE_WIDTH) return { found: false, failure: { kind: 'too-short', width: quoteWidth(fragments.join(' ')) } };
  return chainFragments(review, fragments, maxGap);
}

interface Reached {
  /** Folded offset where the chain's first fragment starts. */
  from: number;
  /** Folded offset where its latest fragment ends. */
  to: number;
}

/** Every occurrence of the fragments, in order, each within the gap after the one before. */
function chainFragments(review: FoldedReview, fragments: readonly string[], maxGap: number): MatchResult {
  const text = review.folded.text;
  const first = occurrences(text, fragments[0]!);
  let reached: Reached[] = first.map((at) => ({ from: at, to: at + fragments[0]!.length }));
  for (let k = 1; k < fragments.length && reached.length > 0; k++) {
    const fragment = fragments[k]!;
    const found = occurrences(text, fragment);
    const next: Reached[] = [];
    // `reached` is sorted by `to`, and the window [to, gapLimit(to)] moves right with `to`: the
    // latest chain ending at or before an occurrence is the only one that can reach it.
    let j = 0;
    for (const at of found) {
      while (j < reached.length && reached[j]!.to <= at) j++;
      const before = reached[j - 1];
      if (before && at <= gapLimit(review, before.to, maxGap)) next.push({ from: before.from, to: at + fragment.length });
    }
    if (next.length === 0) {
      if (found.length === 0) return { found: false, failure: { kind: 'fragment-missing', fragment: k + 1, fragments: fragments.length } };
      const nearest = nearestAfter(review, reached, found);
      const span = nearest && { span: { from: nearest.at, to: nearest.at + fragment.length }, gap: nearest.gap };
      return { found: false, failure: { kind: 'fragment-too-far', fragment: k + 1, fragments: fragments.length, nearest: span } };
    }
    reached = next;
  }
  if (reached.length === 0) return { found: false, failure: { kind: 'fragment-missing', fragment: 1, fragments: fragments.length } };
  return { found: true, span: { from: reached[0]!.from, to: reached[0]!.to } };
}

/** Start offsets of every occurrence of `needle` in `text`, overlapping ones included. */
function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) out.push(at);
  return out;
}

/** The last folded offset a fragment may start at after a fragment ending at `to`. */
function gapLimit(review: FoldedReview, to: number, maxGap: number): number {
  const max = widthAt(review, to) + maxGap;
  let lo = to;
  let hi = review.folded.text.length;
  // Largest i with widthAt(i) ≤ max: the gap text[to, i) is then at most maxGap wide.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (widthAt(review, mid) <= max) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The occurrence (sorted offsets) with the smallest gap after a reached fragment end, or null when it only occurs before. */
function nearestAfter(review: FoldedReview, reached: readonly Reached[], found: readonly number[]): { at: number; gap: number } | null {
  let best: { at: number; gap: number } | null = null;
  let j = 0;
  for (const r of reached) {
    while (j < found.length && found[j]! < r.to) j++;
    if (j === found.length) break;
    const gap = widthAt(review, found[j]!) - widthAt(review, r.to);
    if (best === null || gap < best.gap) best = { at: found[j]!, gap };
  }
  return best;
}

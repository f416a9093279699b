import { createQuoteIndex, type QuoteIndex } from './evidence.ts';

/** A review indexed once for the evidence check and for placing quotes in its sections. */
export interface ReviewIndex extends QuoteIndex {
  /** The section (0-based, in order of its heading; -1 before the first heading) that holds this character offset. */
  sectionAt(offset: number): number;
}

/** ATX headings (`## 3. Retry policy`) and lines that are bold only (`**Issue 3: …**`): how reviews start a finding. */
const HEADING = /^(?: {0,3}#{1,6}[ \t]+\S.*|[ \t]*\*\*[^*\n]+\*\*[ \t]*:?[ \t]*)$/gm;

/** Pure: the start offsets of the review's headings, in order. */
export function headingOffsets(text: string): number[] {
  return [...text.matchAll(HEADING)].map((m) => m.index);
}

/** Builds the index of one review: the quote index plus its heading sections. */
export function indexReview(text: string): ReviewIndex {
  // Folded at the first quote, not at creation: a dry run (and a fully cached unit's plan) never checks one,
  // and folding a 2 MB review holds tens of MB.
  let quotes: QuoteIndex | null = null;
  let starts: number[] | null = null;
  const q = () => (quotes ??= createQuoteIndex(text));
  // Votes repeat quotes (k votes, the audit, the evidence spans): each is matched once.
  const seen = new Map<string, { start: number; end: number } | null>();
  const locate = (quote: string) => {
    if (!seen.has(quote)) seen.set(quote, q().locate(quote));
    return seen.get(quote)!;
  };
  return {
    has: (quote) => locate(quote) !== null,
    locate,
    closest: (quote) => q().closest(quote),
    sectionAt(offset) {
      starts ??= headingOffsets(text);
      // Binary search: the last heading at or before the offset.
      let lo = 0;
      let hi = starts.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= offset) (found = mid), (lo = mid + 1);
        else hi = mid - 1;
      }
      return found;
    },
  };
}

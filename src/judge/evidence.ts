/**
 * Mechanical check that a judge's evidence quotes occur in the review: our guard against
 * hallucinated detections. Both sides go through the same folding (quoteFold.ts), so anything it
 * folds can only make two texts that differ in formatting or punctuation compare equal; elided
 * quotes are matched fragment by fragment within a bounded gap (quoteMatch.ts).
 * Pure: no I/O.
 */
import type { Verdict } from './vote.ts';
import type { EvidencePolicy } from '../types/Verdicts.ts';
import { closestPassage, reviewTokens, type ClosestPassage, type ReviewTokens } from './quoteClosest.ts';
import { foldQuoteText } from './quoteFold.ts';
import { foldReview, INNER_LIST_NUMBER, matchQuote, type FoldedReview } from './quoteMatch.ts';

/**
 * Minimum quote width after folding (a CJK character counts 2): see `quoteMatch.ts`.
 * Re-exported here, where callers of the evidence check look for it.
 */
export { MIN_QUOTE_WIDTH, MAX_FRAGMENT_GAP } from './quoteMatch.ts';

/** Width of folded text as `MIN_QUOTE_WIDTH` counts it: a CJK character counts 2, anything else 1. */
export { quoteWidth } from './quoteFold.ts';

/** The closest review passage to a quote and what differs (see `QuoteIndex.closest`). */
export type { ClosestPassage } from './quoteClosest.ts';

/**
 * Folds text the way the quote check compares it (both the quote and the review): NFKC, lower
 * case, markdown markers, quote marks, dashes, arrows, table pipes and other punctuation folded
 * (see `foldForQuote` in quoteFold.ts for the exact list).
 */
export function normalizeForQuote(text: string): string {
  return foldQuoteText(text);
}

/** A review folded once, queried for every quote a judge cites from it. */
export interface QuoteIndex {
  /** True when the quote (possibly elided with `...`/`…`) occurs in the review; equals `locate(quote) !== null`. */
  has(quote: string): boolean;
  /** The matched passage's UTF-16 offsets in the review text given to `createQuoteIndex` (first fragment's start to last fragment's end), or null. */
  locate(quote: string): { start: number; end: number } | null;
  /**
   * The review passage most like the quote (original text and offsets) and what differs, e.g.
   * `review has "always" where quote has "never"`; for a quote that verifies, the located passage
   * with no differences; null when the review shares no word with the quote.
   */
  closest(quote: string): ClosestPassage | null;
}

/**
 * Builds the index for one review; folding and the offset map are the costly part, so they are done
 * once, at the first quote: a dry run, or a unit served from the cache without a ○/△ vote, never folds.
 */
export function createQuoteIndex(reviewText: string): QuoteIndex {
  let folded: FoldedReview | null = null;
  let withNumbers: FoldedReview | null = null;
  let tokens: ReviewTokens | null = null;
  const locate = (quote: string) => {
    const review = (folded ??= foldReview(reviewText));
    const match = matchQuote(review, quote);
    if (match.found) return review.folded.offsets.span(match.span.from, match.span.to);
    // Rare, so the second folding is only made when a quote needs it: "... Stripe). 2. Add a ...".
    if (!INNER_LIST_NUMBER.test(quote)) return null;
    withNumbers ??= foldReview(reviewText, true);
    const again = matchQuote(withNumbers, quote);
    return again.found ? withNumbers.folded.offsets.span(again.span.from, again.span.to) : null;
  };
  return {
    has: (quote) => locate(quote) !== null,
    locate,
    closest(quote) {
      const span = locate(quote);
      if (span) return { passage: reviewText.slice(span.start, span.end), ...span, differences: [] };
      // Tokens are only needed to explain a failure: most reviews never pay for them.
      const review = (folded ??= foldReview(reviewText));
      tokens ??= reviewTokens(review);
      return closestPassage(reviewText, review, tokens, quote, matchQuote(review, quote));
    },
  };
}

/** One-off check of a single quote; prefer `createQuoteIndex` when a review has several. */
export function verifyQuote(quote: string, reviewText: string): boolean {
  return createQuoteIndex(reviewText).has(quote);
}

/** `require`: a ○/△ without a verified quote counts as ×; `ignore`: verdicts stand, flags still reported. */
export type { EvidencePolicy };

/** A judge vote's verdict with its evidence; `location` and other fields pass through untouched. */
export interface VoteWithEvidence<E extends { quote: string }> {
  verdict: Verdict;
  evidence: readonly E[];
}

/** A vote after the quote check. */
export interface EvidenceCheck<E extends { quote: string }> {
  /** The verdict that counts in the tally. */
  effectiveVerdict: Verdict;
  /** False when a ○/△ vote has no quote found in the review; × needs no evidence, so always true. */
  verified: boolean;
  evidence: Array<E & { verified: boolean }>;
}

/** Checks a vote's quotes against the review and applies the policy. */
export function applyEvidencePolicy<E extends { quote: string }>(
  vote: VoteWithEvidence<E>,
  index: QuoteIndex,
  policy: EvidencePolicy,
): EvidenceCheck<E> {
  const evidence = vote.evidence.map((e) => ({ ...e, verified: index.has(e.quote) }));
  // One found quote is enough: extra paraphrased quotes next to a real one are not a hallucinated detection.
  const verified = vote.verdict === '×' || evidence.some((e) => e.verified);
  const effectiveVerdict = policy === 'require' && !verified ? '×' : vote.verdict;
  return { effectiveVerdict, verified, evidence };
}

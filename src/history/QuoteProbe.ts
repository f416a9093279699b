/**
 * The quote regression set's data: quotes paired with the review they must (faithful) or must not
 * (alteration) be found in. Pure types.
 */

/** Kinds of faithful quote: a historical grader's, a hand-written variant, or a generated harmless rewrite. */
export type FaithfulKind =
  | 'historical'
  | 'hand-written'
  | 'trailing-period'
  | 'wrapped-in-quotes'
  | 'curly-quotes'
  | 'arrow-rewritten'
  | 'markup-removed'
  | 'dash-rewritten'
  | 'joined-list-items'
  | 'table-row-reformatted'
  | 'heading-joined'
  | 'wrapped-line-joined'
  | 'elided-middle'
  | 'full-width';

/** Kinds of generated alteration: each changes a word or stitches text that is not one passage. */
export type AlterationKind =
  | 'word-swap'
  | 'adjacent-swap'
  | 'negation-inserted'
  | 'negation-removed'
  | 'number-changed'
  | 'fabricated-short-tail'
  | 'fabricated-tail'
  | 'stitched-far'
  | 'out-of-order'
  | 'other-review';

/** One quote to check against one review. */
export interface QuoteProbe<K extends string = FaithfulKind | AlterationKind> {
  kind: K;
  /** Key of the review in the set's `reviews` (a corpus-relative path, or `hand-written:<name>`). */
  review: string;
  quote: string;
  /** Where the quote comes from: `scoring-file:line` for a historical quote, the source review for generated ones. */
  source: string;
}

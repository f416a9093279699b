/**
 * For a quote that is not in the review: the review passage most like it and a short list of what
 * differs, so a person can tell a paraphrase from a fabrication at a glance. The passage is the
 * window of the review's tokens that shares the most (rare tokens weigh more) with the quote,
 * refined by a word diff. Linear in the review per quote; the review's tokens are built once.
 * Pure: no I/O.
 */
import { originalSpan, type MappedText } from './mappedText.ts';
import { foldForQuote } from './quoteFold.ts';
import { MAX_FRAGMENT_GAP, MIN_QUOTE_WIDTH, splitElisions, type FoldedReview, type FoldedSpan, type MatchResult } from './quoteMatch.ts';
import { tokenize, type Token } from './quoteTokens.ts';
import { wordDiff } from './wordDiff.ts';

/** The closest review passage (original text and UTF-16 offsets) and what differs from the quote. */
export interface ClosestPassage {
  passage: string;
  start: number;
  end: number;
  differences: string[];
}

/** A review's tokens with ids and weights, built once per review. */
export interface ReviewTokens {
  tokens: Token[];
  ids: Int32Array;
  dictionary: Map<string, number>;
  /** Rarer tokens weigh more: `1 / (1 + ln(count))`. */
  weight: Float64Array;
}

/** Quote tokens compared at most: longer quotes are diffed on their start (the diff is quadratic). */
const MAX_QUOTE_TOKENS = 300;
/** Differences listed at most; the rest are counted. */
const MAX_DIFFERENCES = 5;
/** Characters of quote or review text shown per difference. */
const SHOWN = 60;

/** Tokenizes a folded review and weighs its tokens. */
export function reviewTokens(review: FoldedReview): ReviewTokens {
  const tokens = tokenize(review.folded.text);
  const dictionary = new Map<string, number>();
  const ids = new Int32Array(tokens.length);
  const counts: number[] = [];
  tokens.forEach((t, i) => {
    let id = dictionary.get(t.text);
    if (id === undefined) dictionary.set(t.text, (id = counts.push(0) - 1));
    counts[id]!++;
    ids[i] = id;
  });
  return { tokens, ids, dictionary, weight: Float64Array.from(counts, (c) => 1 / (1 + Math.log(c))) };
}

/** The closest passage to a quote, given how `matchQuote` answered; null when the review shares nothing with it. */
export function closestPassage(reviewText: string, review: FoldedReview, tokens: ReviewTokens, quote: string, match: MatchResult): ClosestPassage | null {
  const passage = (span: FoldedSpan, differences: string[]): ClosestPassage => {
    const { start, end } = review.folded.offsets.span(span.from, span.to);
    return { passage: reviewText.slice(start, end), start, end, differences };
  };
  if (match.found) return passage(match.span, []);
  const failure = match.failure;
  if (failure.kind === 'empty') return null;
  if (failure.kind === 'too-short') {
    const near = diffAgainstWindow(quote, reviewText, review, tokens);
    const note = `quote too short to check: width ${failure.width}, at least ${MIN_QUOTE_WIDTH} needed (a CJK character counts 2)`;
    return near && passage(near.span, [note]);
  }
  const pieces = splitElisions(quote);
  if (failure.kind === 'fragment-too-far') {
    const where = failure.nearest
      ? `the nearest occurrence is ${failure.nearest.gap} characters after it`
      : `it only occurs before fragment ${failure.fragment - 1}`;
    const note = `fragment ${failure.fragment} of ${failure.fragments} ("${shorten(pieces[failure.fragment - 1] ?? '')}") not found within ${MAX_FRAGMENT_GAP} characters after fragment ${failure.fragment - 1}: ${where}`;
    if (failure.nearest) return passage(failure.nearest.span, [note]);
    const near = diffAgainstWindow(pieces[failure.fragment - 1] ?? quote, reviewText, review, tokens);
    return near && passage(near.span, [note]);
  }
  // A missing fragment of an elided quote is diffed alone: the gap text around it is not a difference.
  const elided = failure.fragments > 1;
  const target = elided ? (pieces[failure.fragment - 1] ?? quote) : quote;
  const near = diffAgainstWindow(target, reviewText, review, tokens);
  if (!near) return null;
  const head = elided ? [`fragment ${failure.fragment} of ${failure.fragments} not found in the review`] : [];
  return passage(near.span, [...head, ...near.differences]);
}

/** Best window for a quote's tokens, trimmed by the word diff, and the diff's hunks as sentences. */
function diffAgainstWindow(quote: string, original: string, review: FoldedReview, rt: ReviewTokens): { span: FoldedSpan; differences: string[] } | null {
  const folded = foldForQuote(quote);
  const all = tokenize(folded.text);
  const qTokens = all.slice(0, MAX_QUOTE_TOKENS);
  const window = bestWindow(qTokens, rt);
  if (!window) return null;
  const margin = Math.ceil(qTokens.length / 4) + 2;
  const from = Math.max(0, window.from - margin);
  const to = Math.min(rt.tokens.length, window.to + margin);
  const passageTokens = rt.tokens.slice(from, to);
  const diff = wordDiff(qTokens.map((t) => t.text), passageTokens.map((t) => t.text));
  if (diff.firstEqual === null || diff.lastEqual === null) return null;
  const span = { from: passageTokens[diff.firstEqual]!.from, to: passageTokens[diff.lastEqual]!.to };
  const quoteText = (a: number, b: number) => sliceOriginal(quote, folded, qTokens, a, b);
  const reviewText = (a: number, b: number) => {
    const { start, end } = review.folded.offsets.span(passageTokens[a]!.from, passageTokens[b - 1]!.to);
    return original.slice(start, end);
  };
  const sentences = diff.hunks.map((h) => {
    const q = h.quote.to > h.quote.from ? quoteText(h.quote.from, h.quote.to) : '';
    const r = h.review.to > h.review.from ? reviewText(h.review.from, h.review.to) : '';
    if (q && r) return `review has "${shorten(r)}" where quote has "${shorten(q)}"`;
    return q ? `missing in review: "${shorten(q)}"` : `extra in review: "${shorten(r)}"`;
  });
  const differences = sentences.slice(0, MAX_DIFFERENCES);
  if (sentences.length > MAX_DIFFERENCES) differences.push(`and ${sentences.length - MAX_DIFFERENCES} more differences`);
  if (all.length > MAX_QUOTE_TOKENS) differences.push(`(compared on the first ${MAX_QUOTE_TOKENS} words of the quote)`);
  if (differences.length === 0) differences.push('same words, but spacing or symbols differ');
  return { span, differences };
}

/** The window of the quote's length over the review's tokens with the largest weighted overlap; first one on ties. */
function bestWindow(qTokens: readonly Token[], rt: ReviewTokens): { from: number; to: number } | null {
  const need = new Map<number, number>();
  for (const t of qTokens) {
    const id = rt.dictionary.get(t.text);
    if (id !== undefined) need.set(id, (need.get(id) ?? 0) + 1);
  }
  if (need.size === 0) return null;
  const size = Math.min(qTokens.length, rt.ids.length);
  const have = new Map<number, number>();
  let score = 0;
  let best = -1;
  let bestFrom = 0;
  for (let i = 0; i < rt.ids.length; i++) {
    const id = rt.ids[i]!;
    const wanted = need.get(id);
    if (wanted !== undefined) {
      const count = have.get(id) ?? 0;
      if (count < wanted) score += rt.weight[id]!;
      have.set(id, count + 1);
    }
    const leaving = i - size;
    if (leaving >= 0) {
      const out = rt.ids[leaving]!;
      const outWanted = need.get(out);
      if (outWanted !== undefined) {
        const count = have.get(out)! - 1;
        have.set(out, count);
        if (count < outWanted) score -= rt.weight[out]!;
      }
    }
    if (i >= size - 1 && score > best + 1e-9) {
      best = score;
      bestFrom = i - size + 1;
    }
  }
  return best > 0 ? { from: bestFrom, to: bestFrom + size } : null;
}

/** The quote as the judge wrote it, for tokens `[a, b)` of its folded form. */
function sliceOriginal(quote: string, folded: MappedText, tokens: readonly Token[], a: number, b: number): string {
  const { start, end } = originalSpan(folded, tokens[a]!.from, tokens[b - 1]!.to);
  return quote.slice(start, end);
}

function shorten(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > SHOWN ? flat.slice(0, SHOWN - 1) + '…' : flat;
}

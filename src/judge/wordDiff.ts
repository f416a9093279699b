/**
 * Word-level diff of a quote against a review passage, as the hunks a person reads: what the quote
 * says that the review does not, and the reverse. It is a semi-global alignment (every quote token
 * is aligned; review tokens before and after the quote's match are free; a match scores 2, a
 * substitution, a missing or an extra token −1), so the alignment stays compact: a word that also
 * occurs in a heading just before the passage does not drag the heading in. Pure: no I/O.
 */

/** A run of differing tokens between two equal ones: token index ranges in the quote and in the passage. */
export interface DiffHunk {
  quote: { from: number; to: number };
  review: { from: number; to: number };
}

/** The diff: hunks in order, and the first and last passage token of the alignment (null when no token is equal). */
export interface WordDiff {
  hunks: DiffHunk[];
  first: number | null;
  last: number | null;
}

const MATCH = 2;
const COST = -1;
/** Backtracking moves: both tokens (equal or substituted), quote token only, passage token only. */
const BOTH = 1;
const QUOTE = 2;
const PASSAGE = 3;

/** Aligns the quote's tokens with the passage's and groups the differences into hunks. */
export function wordDiff(quote: readonly string[], passage: readonly string[]): WordDiff {
  const m = quote.length;
  const n = passage.length;
  const w = n + 1;
  const score = new Int32Array((m + 1) * w);
  const move = new Uint8Array((m + 1) * w);
  for (let i = 1; i <= m; i++) {
    score[i * w] = i * COST;
    move[i * w] = QUOTE;
    for (let j = 1; j <= n; j++) {
      const diagonal = score[(i - 1) * w + j - 1]! + (quote[i - 1] === passage[j - 1] ? MATCH : COST);
      const up = score[(i - 1) * w + j]! + COST;
      const left = score[i * w + j - 1]! + COST;
      const best = Math.max(diagonal, up, left);
      score[i * w + j] = best;
      move[i * w + j] = best === diagonal ? BOTH : best === up ? QUOTE : PASSAGE;
    }
  }
  // The passage after the match is free: end where the whole quote scores best (the later end on a
  // tie, so a last quote word reads as replaced by the review's next word rather than missing).
  let j = 0;
  for (let k = 1; k <= n; k++) if (score[m * w + k]! >= score[m * w + j]!) j = k;
  const pairs: [number, number][] = [];
  const ops: { q: number | null; r: number | null }[] = [];
  for (let i = m; i > 0; ) {
    const mv = j === 0 ? QUOTE : move[i * w + j]!;
    if (mv === BOTH) {
      ops.push({ q: i - 1, r: j - 1 });
      if (quote[i - 1] === passage[j - 1]) pairs.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (mv === QUOTE) ops.push({ q: --i, r: null });
    else ops.push({ q: null, r: --j });
  }
  ops.reverse();
  pairs.reverse();
  if (pairs.length === 0) return { hunks: m > 0 ? [{ quote: { from: 0, to: m }, review: { from: 0, to: 0 } }] : [], first: null, last: null };
  const aligned = ops.filter((o) => o.r !== null).map((o) => o.r!);
  return { hunks: hunksOf(ops, quote, passage), first: aligned[0]!, last: aligned[aligned.length - 1]! };
}

/** Groups the alignment's unequal steps into hunks between equal tokens. */
function hunksOf(ops: readonly { q: number | null; r: number | null }[], quote: readonly string[], passage: readonly string[]): DiffHunk[] {
  const hunks: DiffHunk[] = [];
  let open: DiffHunk | null = null;
  let nextQuote = 0;
  let nextReview = ops.find((o) => o.r !== null)?.r ?? 0;
  for (const op of ops) {
    const equal = op.q !== null && op.r !== null && quote[op.q] === passage[op.r];
    if (equal) {
      if (open) hunks.push(open);
      open = null;
    } else {
      open ??= { quote: { from: nextQuote, to: nextQuote }, review: { from: nextReview, to: nextReview } };
      if (op.q !== null) open.quote.to = op.q + 1;
      if (op.r !== null) open.review.to = op.r + 1;
    }
    if (op.q !== null) nextQuote = op.q + 1;
    if (op.r !== null) nextReview = op.r + 1;
  }
  if (open) hunks.push(open);
  return hunks;
}

/**
 * Word-level diff of a quote against a review passage (longest common subsequence of tokens), as
 * the hunks a person reads: what the quote says that the review does not, and the reverse.
 * Pure: no I/O.
 */

/** A run of differing tokens between two equal ones: token index ranges in the quote and in the passage. */
export interface DiffHunk {
  quote: { from: number; to: number };
  review: { from: number; to: number };
}

/** The diff: hunks in order, and the passage tokens of the first and last equal token (or null when none is equal). */
export interface WordDiff {
  hunks: DiffHunk[];
  firstEqual: number | null;
  lastEqual: number | null;
}

/** Longest-common-subsequence diff of two token lists; passage tokens outside the first and last equal token are not hunks. */
export function wordDiff(quote: readonly string[], passage: readonly string[]): WordDiff {
  const m = quote.length;
  const n = passage.length;
  // lcs[i][j]: LCS length of quote[i..] and passage[j..], row-major in one array.
  const lcs = new Uint16Array((m + 1) * (n + 1));
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      lcs[i * (n + 1) + j] = quote[i] === passage[j] ? lcs[(i + 1) * (n + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (n + 1) + j]!, lcs[i * (n + 1) + j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < m && j < n; ) {
    if (quote[i] === passage[j]) pairs.push([i++, j++]);
    else if (lcs[(i + 1) * (n + 1) + j]! >= lcs[i * (n + 1) + j + 1]!) i++;
    else j++;
  }
  if (pairs.length === 0) return { hunks: m > 0 ? [{ quote: { from: 0, to: m }, review: { from: 0, to: 0 } }] : [], firstEqual: null, lastEqual: null };
  const hunks: DiffHunk[] = [];
  const first = pairs[0]!;
  if (first[0] > 0) hunks.push({ quote: { from: 0, to: first[0] }, review: { from: first[1], to: first[1] } });
  for (let k = 1; k < pairs.length; k++) {
    const [qi, ri] = pairs[k - 1]!;
    const [qj, rj] = pairs[k]!;
    if (qj > qi + 1 || rj > ri + 1) hunks.push({ quote: { from: qi + 1, to: qj }, review: { from: ri + 1, to: rj } });
  }
  const last = pairs[pairs.length - 1]!;
  if (last[0] < m - 1) hunks.push({ quote: { from: last[0] + 1, to: m }, review: { from: last[1] + 1, to: last[1] + 1 } });
  return { hunks, firstEqual: first[1], lastEqual: last[1] };
}

/**
 * Consistency voting over k judge samples of one unit: plurality with a fixed tie rule,
 * a strict-majority validity floor, and an exact early-stop test.
 * Pure: no I/O, no clock.
 */

import { VERDICT_ORDER, type Verdict } from '../types/Scale.ts';

/** A judge's call on one unit and the worst-to-best order the tie rule takes medians on (the rubric's scale, types/Scale.ts). */
export { VERDICT_ORDER, type Verdict };

/** A vote that produced a verdict. */
export interface ValidVote {
  verdict: Verdict;
}

/** A vote the judge failed to produce (API error, invalid output, ...): never counted as ×. */
export interface UnscoredVote {
  unscored: true;
}

/** One of the k samples of a unit. */
export type Vote = ValidVote | UnscoredVote;

/** The outcome of a unit's votes; the split (valid/unscored) is kept as the judge-noise signal. */
export type UnitTally =
  | { status: 'scored'; verdict: Verdict; agreement: number; valid: number; unscored: number }
  | { status: 'unscored'; reason: string; valid: number; unscored: number };

/** Largest k accepted (votes per unit over the whole judge panel): the exact early-stop search costs O(k^3). */
export const MAX_K = 99;

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) {
    throw new RangeError(`k must be an integer from 1 to ${MAX_K}, got ${k}`);
  }
}

/** Valid votes a unit needs to be scored: a strict majority of k. */
export function majorityThreshold(k: number): number {
  checkK(k);
  return Math.floor(k / 2) + 1;
}

type Counts = [number, number, number]; // indexed like VERDICT_ORDER: ×, △, ○

function countOf(verdicts: readonly Verdict[]): Counts {
  const counts: Counts = [0, 0, 0];
  for (const v of verdicts) {
    const i = VERDICT_ORDER.indexOf(v);
    if (i < 0) throw new TypeError(`not a verdict: ${JSON.stringify(v)}`);
    counts[i]! += 1;
  }
  return counts;
}

function decideCounts(counts: Counts): Verdict {
  const top = Math.max(...counts);
  if (top === 0) throw new RangeError('cannot decide a verdict from zero votes');
  // Tied verdicts come out already sorted × < △ < ○ because counts follow VERDICT_ORDER.
  const tied = VERDICT_ORDER.filter((_, i) => counts[i] === top);
  // Lower median: for two tied verdicts this is the worse one, i.e. the judge gets no benefit of doubt.
  return tied[Math.floor((tied.length - 1) / 2)]!;
}

/** Plurality verdict; a tie goes to the lower median of the tied verdicts on × < △ < ○. */
export function decideVerdict(verdicts: readonly Verdict[]): Verdict {
  return decideCounts(countOf(verdicts));
}

/**
 * Tallies a unit's votes (possibly fewer than k after an early stop).
 * `agreement` is the share of valid votes equal to the verdict, rounded half-up to 4 decimals
 * so that reports and cached JSON print the same number everywhere (2/3 → 0.6667).
 */
export function tallyUnit(votes: readonly Vote[], k: number): UnitTally {
  const threshold = majorityThreshold(k);
  if (votes.length > k) throw new RangeError(`got ${votes.length} votes for k=${k}`);
  const verdicts = votes.flatMap((v) => ('verdict' in v ? [v.verdict] : []));
  const valid = verdicts.length;
  const unscored = votes.length - valid;
  if (valid < threshold) {
    return { status: 'unscored', reason: `only ${valid} of ${k} votes valid`, valid, unscored };
  }
  const verdict = decideVerdict(verdicts);
  const same = verdicts.filter((v) => v === verdict).length;
  const agreement = Math.round((same / valid) * 10_000) / 10_000;
  return { status: 'scored', verdict, agreement, valid, unscored };
}

function plus(counts: Counts, verdict: number, n: number): Counts {
  const out: Counts = [...counts];
  out[verdict]! += n;
  return out;
}

/**
 * Exhaustive over the votes that matter. Votes for the current winner never help an
 * adversary (removing one from any overturning outcome leaves the winner out of the top,
 * so it stays overturned), so only splits of the remaining votes between the two other
 * verdicts are tried, the rest failing: (r+1)(r+2)/2 cases instead of 4^r sequences.
 */
function decidedCounts(counts: Counts, remaining: number, threshold: number): boolean {
  if (counts[0] + counts[1] + counts[2] < threshold) return false;
  const now = decideCounts(counts);
  const [u, v] = [0, 1, 2].filter((i) => VERDICT_ORDER[i] !== now) as [number, number];
  for (let a = 0; a <= remaining; a++) {
    for (let b = 0; a + b <= remaining; b++) {
      if (decideCounts(plus(plus(counts, u, a), v, b)) !== now) return false;
    }
  }
  return true;
}

/**
 * Early stop: true when the valid votes already form a majority of k and no outcome of the
 * `remaining` uncast votes (each any verdict, or a failure) could change the verdict.
 */
export function isDecided(validVerdicts: readonly Verdict[], remaining: number, k: number): boolean {
  const threshold = majorityThreshold(k);
  if (!Number.isInteger(remaining) || remaining < 0 || validVerdicts.length + remaining > k) {
    throw new RangeError(`remaining must be an integer from 0 to k minus votes cast, got ${remaining}`);
  }
  return decidedCounts(countOf(validVerdicts), remaining, threshold);
}

/**
 * How many more votes to issue now, in parallel, so that a decision becomes possible at all
 * (the best case: each new vote lands as favourably as it could). 0 means stop: either the
 * verdict is decided, or a majority of valid votes is out of reach and `tallyUnit` will say
 * unscored whatever the remaining votes would be.
 */
export function votesToRequest(validSoFar: readonly Verdict[], failedSoFar: number, k: number): number {
  const threshold = majorityThreshold(k);
  if (!Number.isInteger(failedSoFar) || failedSoFar < 0) {
    throw new RangeError(`failedSoFar must be a non-negative integer, got ${failedSoFar}`);
  }
  const remaining = k - validSoFar.length - failedSoFar;
  if (remaining < 0) throw new RangeError(`${validSoFar.length + failedSoFar} votes cast for k=${k}`);
  if (validSoFar.length + remaining < threshold) return 0;
  const counts = countOf(validSoFar);
  // The best m new votes all go to one verdict: turning any other new vote (or failure) into
  // one for the eventual winner keeps it on top of every continuation. So 3 candidates per m.
  for (let m = 0; m <= remaining; m++) {
    for (let i = 0; i < 3; i++) if (decidedCounts(plus(counts, i, m), remaining - m, threshold)) return m;
  }
  // Unreachable: with every remaining vote valid, the valid count reaches the threshold.
  return remaining;
}

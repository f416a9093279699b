/**
 * Exact score arithmetic and display. Rubric points are multiples of 0.5 by default, but an
 * override may use any decimal (0.25, 0.1): rather than integer halves, every sum, mean and
 * difference is rounded to 1e-9, far below any meaningful score and far above float drift
 * (0.1 + 0.2 → 0.3, 7.6 − 7.1 → 0.5), so band boundaries compare as written.
 */

/** Rounds to 1e-9 (and turns −0 into 0) so float drift never crosses a rubric boundary. */
export function exact(x: number): number {
  const r = Math.round(x * 1e9) / 1e9;
  return r === 0 ? 0 : r;
}

/** Sum of the values, rounded with `exact`. */
export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return exact(s);
}

/** A score with two decimals, as the workflow's reports show them: `7.00`, `8.25`. */
export function fmt(x: number): string {
  return exact(x).toFixed(2);
}

/** A signed difference with two decimals: `+1.25`, `-0.50`, `+0.00`. */
export function fmtSigned(x: number): string {
  const v = exact(x);
  return `${v < 0 ? '-' : '+'}${Math.abs(v).toFixed(2)}`;
}

/** A rubric threshold as written in the rubric: `1.0`, `0.5`, `0.25`. */
export function fmtThreshold(x: number): string {
  return Number.isInteger(x) ? x.toFixed(1) : String(exact(x));
}

/** The output budget a request carries: the task's own within 1..max, else the judge's default. */
export function clampOutputTokens(asked: number | undefined, budget: number, max: number): number {
  // Clamped rather than refused: the API answers a max_tokens above the model's maximum with HTTP 400,
  // which would stop the judge for the whole run.
  return asked === undefined ? budget : Math.min(max, Math.max(1, Math.floor(asked)));
}

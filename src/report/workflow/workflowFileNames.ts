/**
 * The names the prompt-improvement workflow gives Phase 4 and Phase 5 files (SKILL.md):
 * `results/v{NNN}-{name}-scoring.md` and `reports/round-{NNN}-comparison.md`, NNN zero-padded to three digits.
 * Later phases and importers take round and prompt back from the name with `v(\d{3})-(.+)-scoring\.md`.
 */

/** The workflow's own pattern for scoring files (CORPUS.md: "Take round and prompt from the file name"). */
export const SCORING_FILE_PATTERN = /^v(\d{3})-(.+)-scoring\.md$/;

/** The pattern of comparison reports. */
export const COMPARISON_FILE_PATTERN = /^round-(\d{3})-comparison\.md$/;

/** `6` → `006`; throws unless the round is an integer 1..999 (the workflow's three-digit NNN). */
export function roundDigits(round: number): string {
  if (!Number.isInteger(round) || round < 1 || round > 999) {
    throw new RangeError(`round must be an integer from 1 to 999 for the workflow's three-digit NNN, got ${round}`);
  }
  return String(round).padStart(3, '0');
}

/** `v006-baseline`: how the workflow names a prompt of a round in files and reports. */
export function promptVersionName(round: number, prompt: string): string {
  return `v${roundDigits(round)}-${checkPrompt(prompt)}`;
}

/** `scoringFileName(6, 'baseline')` → `v006-baseline-scoring.md`. */
export function scoringFileName(round: number, prompt: string): string {
  return `${promptVersionName(round, prompt)}-scoring.md`;
}

/** `comparisonFileName(6)` → `round-006-comparison.md`. */
export function comparisonFileName(round: number): string {
  return `round-${roundDigits(round)}-comparison.md`;
}

/** Round and prompt of a scoring file name, or null when the name does not follow the workflow. */
export function parseScoringFileName(name: string): { round: number; prompt: string } | null {
  const m = SCORING_FILE_PATTERN.exec(name);
  return m ? { round: Number(m[1]), prompt: m[2]! } : null;
}

/**
 * A prompt name usable inside a file name: not empty, no path separator, no control character.
 * Spaces are fine (the file system takes them, and the prompt came from a run file's name).
 */
function checkPrompt(prompt: string): string {
  if (prompt === '' || /[\\/\p{Cc}]/u.test(prompt)) {
    throw new RangeError(`prompt name '${prompt}' cannot be part of a workflow file name (empty, or holds a path separator or control character)`);
  }
  return prompt;
}

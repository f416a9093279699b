import type { PromptScore, Report } from '../types/Report.ts';
import { exact, fmt, fmtSigned, fmtThreshold } from './numbers.ts';
import type { Rubric } from '../types/Rubric.ts';

/** The recommendation block of report.json. */
export type Recommendation = Report['recommendation'];

/** What `recommend` needs of a prompt. */
type Scored = Pick<PromptScore, 'prompt' | 'mean' | 'sd'>;

/**
 * The variant to hold against the baseline (undefined with none).
 *
 * Highest mean; a tie goes to the smaller SD, then to the name first in code-point order (so the
 * choice never depends on input order).
 */
export function pickCandidate<T extends Scored>(variants: readonly T[]): T | undefined {
  return [...variants].sort((a, b) => b.mean - a.mean || a.sd - b.sd || (a.prompt < b.prompt ? -1 : a.prompt > b.prompt ? 1 : 0))[0];
}

/**
 * The recommended prompt per the workflow's rule, with the rule, d and a one-sentence reason.
 *
 * The rule on d = candidate mean − baseline mean (rounded to 1e-9):
 * - d > clear → the higher scorer ('higher-mean');
 * - minor ≤ d ≤ clear (both inclusive) → the smaller SD ('smaller-sd'); equal SDs keep the baseline;
 * - d < minor (including any negative d) → the baseline ('baseline');
 * - no variant → the baseline ('no-variant', difference null).
 * The candidate among several variants is `pickCandidate`'s. Throws when the baseline is not a prompt.
 */
export function recommend(prompts: readonly Scored[], baselineName: string, rubric: Rubric): Recommendation {
  const base = prompts.find((p) => p.prompt === baselineName);
  if (!base) throw new Error(`recommend: baseline '${baselineName}' is not among the prompts (${prompts.map((p) => p.prompt).join(', ')})`);
  const variants = prompts.filter((p) => p !== base);
  const cand = pickCandidate(variants);
  if (!cand) {
    return { prompt: base.prompt, rule: 'no-variant', difference: null, reason: `No variant to compare: ${base.prompt} (mean ${fmt(base.mean)}) is recommended.` };
  }
  const { clear, minor } = rubric.recommendation;
  const d = exact(cand.mean - base.mean);
  const of = variants.length > 1 ? ` (best of ${variants.length} variants)` : '';
  const head = `${cand.prompt}${of} mean ${fmt(cand.mean)} vs ${base.prompt} ${fmt(base.mean)}`;
  if (d > clear) {
    const winner = d > 0 ? cand : base;
    return { prompt: winner.prompt, rule: 'higher-mean', difference: d, reason: `${head} (${fmtSigned(d)} > ${fmtThreshold(clear)}): higher mean.` };
  }
  if (d >= minor) {
    const sds = `SD ${fmt(cand.sd)} vs ${fmt(base.sd)}`;
    const winner = cand.sd < base.sd ? cand : base;
    const why = cand.sd === base.sd ? `equal SD (${fmt(cand.sd)}) keeps the baseline` : `smaller SD (${sds})`;
    return { prompt: winner.prompt, rule: 'smaller-sd', difference: d, reason: `${head} (${fmtSigned(d)}, between ${fmtThreshold(minor)} and ${fmtThreshold(clear)}): ${why}.` };
  }
  return { prompt: base.prompt, rule: 'baseline', difference: d, reason: `${head} (${fmtSigned(d)} < ${fmtThreshold(minor)}): baseline kept (the rule's margin against noise).` };
}

import { InputError } from '../errors.ts';
import type { InputSpec } from '../types/Inputs.ts';

/** Input flags shared by `plan` and `score`. */
export interface InputFlags {
  round?: string;
  key?: string;
  reviews?: string[];
  perspective?: string;
  prompt?: string[];
  maxReviewBytes?: string;
}

/** Turns `<round-dir> --round N` or `--key FILE --reviews FILE...` into where the inputs are. */
export function inputSpec(roundDir: string | undefined, flags: InputFlags): InputSpec {
  const maxReviewBytes = flags.maxReviewBytes !== undefined ? positiveInt(flags.maxReviewBytes, '--max-review-bytes') : undefined;
  const common = { prompts: flags.prompt ?? [], ...(maxReviewBytes !== undefined ? { maxReviewBytes } : {}) };
  if (roundDir !== undefined) {
    if (flags.key || flags.reviews?.length) throw new InputError('give either <round-dir> --round N or --key FILE --reviews FILE..., not both');
    if (flags.round === undefined) throw new InputError(`--round N is required with a round folder (e.g. ${roundDir} --round 6)`);
    return { kind: 'round', dir: roundDir, round: positiveInt(flags.round, '--round'), ...common };
  }
  if (!flags.key || !flags.reviews?.length) {
    throw new InputError('no inputs: give <round-dir> --round N, or --key FILE --reviews FILE... (files or folders)');
  }
  return { kind: 'ad-hoc', key: flags.key, reviews: flags.reviews, ...(flags.perspective ? { perspective: flags.perspective } : {}), ...common };
}

/** Parses a flag that must be a positive integer, with a one-line error naming the flag. */
export function positiveInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InputError(`${flag} expects a positive integer, got '${value}'`);
  return Number(value);
}

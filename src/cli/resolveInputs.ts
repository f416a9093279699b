import { InputError } from '../errors.ts';
import { loadAdHoc, loadRound, type RoundInputs } from '../round/loadInputs.ts';

/** Input flags shared by `plan` and `score`. */
export interface InputFlags {
  round?: string;
  key?: string;
  reviews?: string[];
  perspective?: string;
  prompt?: string[];
  maxReviewBytes?: string;
}

/** Turns `<round-dir> --round N` or `--key FILE --reviews FILE...` into loaded inputs. */
export async function resolveInputs(roundDir: string | undefined, flags: InputFlags, cwd: string): Promise<RoundInputs> {
  const maxReviewBytes = flags.maxReviewBytes !== undefined ? positiveInt(flags.maxReviewBytes, '--max-review-bytes') : undefined;
  const opts = { cwd, maxReviewBytes, prompts: flags.prompt ?? [] };
  if (roundDir !== undefined) {
    if (flags.key || flags.reviews?.length) throw new InputError('give either <round-dir> --round N or --key FILE --reviews FILE..., not both');
    if (flags.round === undefined) throw new InputError(`--round N is required with a round folder (e.g. ${roundDir} --round 6)`);
    return loadRound(roundDir, positiveInt(flags.round, '--round'), opts);
  }
  if (!flags.key || !flags.reviews?.length) {
    throw new InputError('no inputs: give <round-dir> --round N, or --key FILE --reviews FILE... (files or folders)');
  }
  return loadAdHoc(flags.key, flags.reviews, flags.perspective, opts);
}

/** Parses a flag that must be a positive integer, with a one-line error naming the flag. */
export function positiveInt(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InputError(`${flag} expects a positive integer, got '${value}'`);
  return Number(value);
}

/** `--threads`, `--gpu`, `--max-tokens` and the model file, turned into what a local judge is built from. */
import { InputError } from '../../../errors.ts';
import { LOCAL_JUDGE_PREFIX, loadLlamaModule } from './loadLlamaModule.ts';
import { assertLlamaModuleInstalled } from './llamaModuleInstalled.ts';
import type { LocalProviderInit } from './localProvider.ts';
import { resolveModelFile, type ResolveOptions } from './resolveModelFile.ts';

/** The flags local judges read (strings as commander gives them). */
export interface LocalJudgeFlags {
  threads?: string;
  gpu?: string;
  maxTokens?: string;
}

/** The `--gpu` values. */
export const GPUS = ['auto', 'off', 'cuda', 'vulkan', 'metal'] as const;

/** The parts of a local judge's init besides its id (the model file resolved, downloaded if need be). */
export type LocalInit = Omit<LocalProviderInit, 'id'> & { absent?: boolean };

/** Checks the flags and resolves the model of `local:<model>`; InputError on a bad flag or a missing file. */
export async function localJudgeInit(model: string, flags: LocalJudgeFlags, opts: ResolveOptions): Promise<LocalInit> {
  const threads = flags.threads === undefined ? null : Number(flags.threads);
  if (threads !== null && (!Number.isInteger(threads) || threads < 1)) throw new InputError(`--threads expects a positive integer, got '${flags.threads}'`);
  const gpu = (flags.gpu ?? 'auto') as (typeof GPUS)[number];
  if (!GPUS.includes(gpu)) throw new InputError(`--gpu expects ${GPUS.join(', ')}, got '${flags.gpu}'`);
  const maxTokens = flags.maxTokens === undefined ? undefined : Number(flags.maxTokens);
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) throw new InputError(`--max-tokens expects a positive integer, got '${flags.maxTokens}'`);
  // Before the model is resolved (a download of several GB): without the runtime nothing can be judged.
  // A dry run plans without it. REVIEW_JUDGE_LOCAL_PREFIX points elsewhere than local-judge/ (tests, custom installs).
  const prefix = opts.env.REVIEW_JUDGE_LOCAL_PREFIX?.trim() || LOCAL_JUDGE_PREFIX;
  if (!opts.dryRun) assertLlamaModuleInstalled(prefix);
  const file = await resolveModelFile(model, opts);
  return {
    file: { path: file.path, sha256: file.sha256 },
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(file.absent ? { absent: true } : {}),
    engine: { threads, gpu, loadModule: () => loadLlamaModule(prefix), ...(opts.status ? { status: opts.status } : {}) },
  };
}

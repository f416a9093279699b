/**
 * `doctor` for a local judge: node-llama-cpp installed, the model file found (and hashed), the model
 * loaded with the ChatML tokens the wrapper needs, and one grammar-constrained answer to the doctor's
 * prompt that parses against the detection schema. Nothing is sent anywhere.
 */
import { InputError, JudgeError } from '../errors.ts';
import { DETECTION_SCHEMA, DetectionOutput } from '../judge/detection.ts';
import { createProvider } from '../judge/providers/createProvider.ts';
import { localJudgeInit, type LocalJudgeFlags } from '../judge/providers/local/localJudgeOptions.ts';
import type { LocalEngine } from '../judge/providers/local/LocalEngine.ts';
import type { ProviderEnv } from '../judge/providers/createProvider.ts';
import type { JudgePrompt } from '../types/Provider.ts';

import type { DoctorChecks, JudgeDiagnosis } from './JudgeDiagnosis.ts';

/** What the local check needs besides the spec. */
export interface LocalDoctorOptions {
  env: ProviderEnv;
  cwd: string;
  flags: LocalJudgeFlags;
  prompt: JudgePrompt;
  status?: (line: string) => void;
}

const NA: DoctorChecks = { auth: 'not-applicable', model: 'not-checked', structuredOutput: 'not-checked', n: 'not-applicable', effort: 'not-applicable' };

/** Checks `local:<model>` with one local generation. */
export async function diagnoseLocalJudge(model: string, opts: LocalDoctorOptions): Promise<JudgeDiagnosis> {
  const judge = `local:${model}`;
  const base = { judge, effortSent: null, samples: null, latencyMs: null, servedModel: null, fingerprint: null, usage: null, costUsd: null, warnings: [] as string[] };
  const fail = (checks: Partial<DoctorChecks>, status: string, error: string, fix: string): JudgeDiagnosis => ({ ...base, ok: false, checks: { ...NA, ...checks }, status, error, fix });
  let provider;
  try {
    const local = await localJudgeInit(model, opts.flags, { cwd: opts.cwd, env: opts.env as Record<string, string | undefined>, offline: false, ...(opts.status ? { status: opts.status } : {}) });
    provider = createProvider(`local:${model}`, opts.env, { local });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return fail({ model: 'failed' }, 'model not found', e.message, 'pass an existing .gguf file (local:<path.gguf>) or local:hf:<owner>/<repo>/<file>.gguf');
  }
  const engine = (provider as unknown as { engine?: LocalEngine }).engine;
  try {
    const request = provider.buildRequest(opts.prompt, DETECTION_SCHEMA, 1);
    const result = await provider.send({ ...request, voteKeys: ['doctor'] });
    const sample = result.samples[0];
    const problem = !sample ? 'no answer' : !sample.ok ? sample.message : parse(sample.rawText);
    const ok = problem === null;
    return {
      ...base,
      ok,
      checks: { ...NA, model: 'ok', structuredOutput: ok ? 'ok' : 'failed' },
      samples: { asked: 1, got: result.samples.length },
      latencyMs: Math.round(result.latencyMs),
      servedModel: provider.model,
      usage: result.usage,
      costUsd: 0,
      status: ok ? null : 'invalid output',
      error: ok ? null : `${judge}: the answer ${problem}`,
      fix: ok ? null : 'raise --max-tokens, or use an instruction model (README: Local judge)',
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof InputError) return fail({ model: 'failed' }, 'not installed', message, message.split(': ').slice(1).join(': '));
    if (e instanceof JudgeError) return fail({ model: 'failed' }, 'model failed', message, e.fatal?.fix ?? 'check the model file (README: Local judge)');
    throw e;
  } finally {
    await engine?.dispose().catch(() => {});
  }
}

function parse(text: string): string | null {
  try {
    const r = DetectionOutput.safeParse(JSON.parse(text));
    return r.success ? null : `does not match the detection schema (${r.error.issues[0]?.message})`;
  } catch {
    return `is not JSON (${text.slice(0, 60)})`;
  }
}

/**
 * `doctor` as a library: one tiny real call per judge through the same provider code a run uses
 * (catalogue plan, effort, `n`, structured output), reporting what works and, for what does not,
 * the fix. No retries and a short timeout: a health check must answer quickly.
 */
import { planJudgeModel } from '../catalogue/planJudgeModel.ts';
import { lifecycle, resolveModel } from '../catalogue/resolveModel.ts';
import { costOf, priceFor, type PriceTable } from '../cost/prices.ts';
import { InputError, JudgeError } from '../errors.ts';
import type { DoctorChecks, JudgeDiagnosis } from './JudgeDiagnosis.ts';
import { DETECTION_SCHEMA, DetectionOutput } from '../judge/detection.ts';
import { createProvider, parseJudgeSpec, type ProviderEnv } from '../judge/providers/createProvider.ts';
import { redact } from '../judge/providers/providerErrors.ts';
import { PROVIDERS } from '../judge/providers/registry.ts';
import { secretsIn } from '../run/createRunLogger.ts';
import type { ModelCatalogue } from '../types/ModelCatalogue.ts';
import type { JudgePrompt, Provider, ProviderResult } from '../types/Provider.ts';

/** Timeout of the doctor's one call (`--timeout-ms` overrides it). */
export const DOCTOR_TIMEOUT_MS = 20_000;

export type { CheckState, DoctorChecks, JudgeDiagnosis } from './JudgeDiagnosis.ts';

export interface DoctorOptions {
  env: ProviderEnv;
  catalogue: ModelCatalogue;
  prices: PriceTable;
  now: Date;
  baseURL?: string;
  effort?: string;
  timeoutMs?: number;
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  signal?: AbortSignal;
  /** Local judges: the working directory (relative model paths), `--threads`/`--gpu`/`--max-tokens`, status lines. */
  local?: { cwd: string; flags: import('../judge/providers/local/localJudgeOptions.ts').LocalJudgeFlags; status?: (line: string) => void };
}

/** The doctor's prompt: tiny, with one obvious answer, in the detection schema a run uses. */
export const DOCTOR_PROMPT: JudgePrompt = {
  instructions:
    'You are a judge health check. Decide whether the review below identifies the problem. Answer in the JSON schema given: ' +
    'one short sentence of reasoning, the evidence as verbatim quotes from the review, and the verdict.',
  review: 'Review:\nThe session store is a single Redis node without replication, so one node failure logs every user out.',
  task: 'Problem P01: the session store is a single point of failure. Verdict detected if the review names it, undetected otherwise.',
};

const UNREACHED: DoctorChecks = { auth: 'not-checked', model: 'not-checked', structuredOutput: 'not-checked', n: 'not-checked', effort: 'not-checked' };

/** Checks every judge (in parallel, results in the given order). */
export function diagnoseJudges(specs: readonly string[], opts: DoctorOptions): Promise<JudgeDiagnosis[]> {
  return Promise.all(specs.map((spec) => diagnoseJudge(spec, opts)));
}

/** Checks one judge with one request (none when the model is shut down or the key is missing). */
export async function diagnoseJudge(spec: string, opts: DoctorOptions): Promise<JudgeDiagnosis> {
  const { kind, model } = parseJudgeSpec(spec);
  if (kind === 'local') {
    const { diagnoseLocalJudge } = await import('./doctorLocalJudge.ts');
    return diagnoseLocalJudge(model, { env: opts.env, cwd: opts.local?.cwd ?? process.cwd(), flags: opts.local?.flags ?? {}, prompt: DOCTOR_PROMPT, ...(opts.local?.status ? { status: opts.local.status } : {}) });
  }
  const judge = `${kind}:${model}`;
  const secrets = secretsIn(opts.env as Record<string, string | undefined>);
  const base = { judge, effortSent: null, samples: null, latencyMs: null, servedModel: null, fingerprint: null, usage: null, costUsd: null, warnings: [] as string[] };
  const fail = (checks: Partial<DoctorChecks>, status: string, error: string, fix: string): JudgeDiagnosis => ({
    ...base,
    ok: false,
    checks: { ...UNREACHED, ...checks },
    status,
    error: redact(error, secrets),
    fix,
  });

  // The catalogue first, exactly as a run plans the judge: a shut-down model is refused without a request.
  let plan: ReturnType<typeof planJudgeModel> | null = null;
  if (kind !== 'openai-compatible') {
    try {
      plan = planJudgeModel(opts.catalogue, kind, model, opts.now, opts.effort);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      const entry = resolveModel(opts.catalogue, kind, model).entry;
      if (lifecycle(entry, opts.now).state === 'shut-down') {
        const fix = entry.replacement ? `use --judge ${kind}:${entry.replacement}` : 'choose a current model (review-judge models)';
        return fail({ model: 'failed' }, 'shut down', `${judge}: the model was shut down on ${entry.shutdown} (requests fail with 404)`, fix);
      }
      const values = entry.effort?.values.join(', ') ?? '';
      return fail({ effort: 'failed' }, 'effort not accepted', e.message, values ? `use --effort with one of ${values}, or drop --effort` : 'drop --effort');
    }
  }
  const warnings = plan?.warnings ?? [];
  base.warnings = warnings;

  let provider: Provider;
  try {
    provider = createProvider(spec, opts.env, {
      ...(opts.baseURL !== undefined ? { baseURL: opts.baseURL } : {}),
      timeoutMs: opts.timeoutMs ?? DOCTOR_TIMEOUT_MS,
      maxRetries: 0,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(plan ? { entry: plan.entry, effort: plan.effort } : {}),
    });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const entry = PROVIDERS[kind];
    const missingKey = entry.keyRequired && !opts.env[entry.keyEnv]?.trim();
    if (missingKey) return fail({ auth: 'failed' }, 'missing key', e.message, `set ${entry.keyEnv} (in the environment or a .env file)`);
    return fail({}, 'not configured', e.message, entry.baseUrlRequired ? `pass --base-url <url> or set ${entry.baseUrlEnv}` : `check --base-url / ${entry.baseUrlEnv}`);
  }

  const effortSent = plan?.effort ?? null;
  const asked = provider.maxSamplesPerRequest > 1 ? 2 : 1;
  const sent = { effortSent, samples: { asked, got: 0 } };
  const request = provider.buildRequest(DOCTOR_PROMPT, DETECTION_SCHEMA, asked);
  let result: ProviderResult;
  try {
    result = await provider.send(request, opts.signal);
  } catch (e) {
    if (!(e instanceof JudgeError)) throw e;
    return { ...failureOf(e, provider, effortSent, opts), ...base, ...sent, error: redact(e.message, secrets) };
  }

  const raw = (typeof result.raw === 'object' && result.raw !== null ? result.raw : {}) as { model?: unknown; system_fingerprint?: unknown };
  const price = priceFor(opts.prices, provider.id);
  const parsed = result.samples.map((s) => (s.ok ? parseSample(s.rawText) : s.message));
  const problems = parsed.filter((p): p is string => p !== null);
  const got = result.samples.length;
  const checks: DoctorChecks = {
    auth: 'ok',
    model: 'ok',
    structuredOutput: problems.length === 0 ? 'ok' : 'failed',
    n: asked === 1 ? 'not-applicable' : got === asked ? 'ok' : 'failed',
    effort: effortSent === null ? 'not-applicable' : 'ok',
  };
  const errors: string[] = [];
  const fixes: string[] = [];
  if (checks.structuredOutput === 'failed') {
    errors.push(`the answer ${problems[0]}`);
    fixes.push(provider.kind === 'openai-compatible' ? 'use a server and model with JSON-schema structured output (e.g. llama.cpp, vLLM, Ollama >= 0.5)' : 'choose a model with structured outputs (review-judge models)');
  }
  if (checks.n === 'failed') {
    errors.push(`n: asked for ${asked} samples, got ${got}`);
    fixes.push('the endpoint ignores n: add the model with "n": false in a --models FILE');
  }
  const ok = errors.length === 0;
  return {
    ...base,
    ...sent,
    samples: { asked, got },
    ok,
    checks,
    latencyMs: Math.round(result.latencyMs),
    servedModel: typeof raw.model === 'string' ? raw.model : null,
    fingerprint: typeof raw.system_fingerprint === 'string' ? raw.system_fingerprint : null,
    usage: result.usage,
    costUsd: price ? costOf(result.usage, price) : 'unpriced',
    status: ok ? null : checks.structuredOutput === 'failed' ? 'invalid output' : 'n ignored',
    error: ok ? null : redact(`${provider.id}: ${errors.join('; ')}`, secrets),
    fix: ok ? null : fixes.join('; '),
  };
}

/** Null when the text is a DetectionOutput; else what is wrong with it. */
function parseSample(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `not JSON (${text.slice(0, 60)})`;
  }
  const r = DetectionOutput.safeParse(json);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return `does not match the detection schema (${issue?.path.join('.') || '(root)'}: ${issue?.message})`;
}

/** The HTTP status behind a JudgeError: from its SDK cause, else from its message. */
function statusOf(e: JudgeError): number | null {
  const status = (e.cause as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number') return status;
  const m = /: HTTP (\d{3}):/.exec(e.message);
  return m ? Number(m[1]) : null;
}

/** Which check a failed request fails, and the fix. */
function failureOf(e: JudgeError, provider: Provider, effortSent: string | null, opts: DoctorOptions): Pick<JudgeDiagnosis, 'ok' | 'checks' | 'fix' | 'status'> {
  const status = statusOf(e);
  return { ...checksAndFix(e, status, provider, effortSent, opts), status: e.kind === 'timeout' ? 'timeout' : status === null ? 'unreachable' : `HTTP ${status}` };
}

function checksAndFix(e: JudgeError, status: number | null, provider: Provider, effortSent: string | null, opts: DoctorOptions): Pick<JudgeDiagnosis, 'ok' | 'checks' | 'fix'> {
  const entry = PROVIDERS[provider.kind];
  const hosted = provider.kind as 'openai' | 'anthropic' | 'openai-compatible';
  const where = opts.baseURL ? '--base-url' : entry.baseUrlEnv;
  const checks = (c: Partial<DoctorChecks>): DoctorChecks => ({ ...UNREACHED, ...c });
  if (e.kind === 'timeout') {
    return { ok: false, checks: checks({}), fix: `no answer within the timeout: check the server (${where}: ${provider.baseURL}) or raise --timeout-ms` };
  }
  if (status === null) {
    return { ok: false, checks: checks({}), fix: `the server is down or unreachable: check ${where} (${provider.baseURL})` };
  }
  if (status === 401) {
    const fix = provider.kind === 'openai-compatible' ? `set ${entry.keyEnv} to the key the server expects` : `set ${entry.keyEnv} to a valid key (the server rejected this one)`;
    return { ok: false, checks: checks({ auth: 'failed' }), fix };
  }
  if (status === 403) {
    return { ok: false, checks: checks({ auth: 'failed' }), fix: `the key in ${entry.keyEnv} has no access to ${provider.model}: check its project/organisation permissions` };
  }
  if (status === 404) {
    if (provider.kind === 'openai-compatible') return { ok: false, checks: checks({ auth: 'ok', model: 'failed' }), fix: `the server does not serve ${provider.model}: name a model it serves (--judge openai-compatible:<model>) and check ${where}` };
    const replacement = resolveModel(opts.catalogue, hosted as 'openai' | 'anthropic', provider.model).entry.replacement;
    const instead = replacement ?? opts.catalogue.defaults[hosted as 'openai' | 'anthropic'];
    const fix = instead && instead !== provider.model
      ? `use --judge ${provider.kind}:${instead} (review-judge models lists the current ones)`
      : `the endpoint does not serve ${provider.model}: check the key's access to it and ${where} (${provider.baseURL}), or use --judge ${provider.kind}:<model> (review-judge models)`;
    return { ok: false, checks: checks({ auth: 'ok', model: 'failed' }), fix };
  }
  if (status === 400 || status === 422) {
    const text = e.message.toLowerCase();
    if (effortSent !== null && /effort/.test(text)) return { ok: false, checks: checks({ auth: 'ok', model: 'ok', effort: 'failed' }), fix: `the model rejects effort ${effortSent}: pass another --effort (review-judge models lists its values)` };
    if (/response_format|json_schema|output_config|structured|schema/.test(text)) return { ok: false, checks: checks({ auth: 'ok', model: 'ok', structuredOutput: 'failed' }), fix: 'the model rejects JSON-schema structured output: choose another model (review-judge models)' };
    if (/\bn\b/.test(text)) return { ok: false, checks: checks({ auth: 'ok', model: 'ok', n: 'failed' }), fix: 'the model rejects n: add it with "n": false in a --models FILE' };
    return { ok: false, checks: checks({ auth: 'ok' }), fix: 'the request was rejected: check the model and --effort against review-judge models' };
  }
  if (status === 429) return { ok: false, checks: checks({ auth: 'ok' }), fix: 'rate limited or out of quota: check the account\'s limits and billing, then run doctor again' };
  if (status >= 500) return { ok: false, checks: checks({}), fix: `the server failed (HTTP ${status}): try again later, or check ${where}` };
  return { ok: false, checks: checks({}), fix: `unexpected HTTP ${status}: check ${where} (${provider.baseURL})` };
}

import { bundledCatalogue, mergeCatalogue } from '../catalogue/loadCatalogue.ts';
import { priceTableOf } from '../cost/prices.ts';
import { InputError } from '../errors.ts';
import { defaultJudgeSpec } from '../judge/providers/registry.ts';
import { DOCTOR_TIMEOUT_MS, diagnoseJudges, type CheckState, type JudgeDiagnosis } from '../pipeline/doctorJudge.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { readJsonFile } from './readJsonFile.ts';
import { positiveInt } from './resolveInputs.ts';

/** Flags of `review-judge doctor`. */
export interface DoctorFlags {
  judge?: string[];
  baseUrl?: string;
  effort?: string;
  models?: string;
  timeoutMs?: string;
  json?: boolean;
  /** Local judges (as for score). */
  threads?: string;
  gpu?: string;
  maxTokens?: string;
}

/**
 * `review-judge doctor`: one tiny real call per judge (the default judge without `--judge`), with
 * the settings a run would use. Exit 0 when every judge passes, 2 otherwise, with one line per
 * failure on stderr naming the judge, what failed and the fix.
 */
export async function doctorCommand(flags: DoctorFlags, io: CliIO): Promise<number> {
  if (flags.effort !== undefined && !flags.effort.trim()) throw new InputError('--effort needs a value (e.g. low, medium, high)');
  const timeoutMs = flags.timeoutMs !== undefined ? positiveInt(flags.timeoutMs, '--timeout-ms') : DOCTOR_TIMEOUT_MS;
  const catalogue = flags.models ? mergeCatalogue(bundledCatalogue(), await readJsonFile(flags.models, io), flags.models) : bundledCatalogue();
  const specs = flags.judge?.length ? flags.judge : [defaultJudgeSpec(io.env)];
  const results = await diagnoseJudges(specs, {
    env: io.env,
    catalogue,
    prices: priceTableOf(catalogue),
    now: io.now(),
    timeoutMs,
    ...(flags.baseUrl !== undefined ? { baseURL: flags.baseUrl } : {}),
    ...(flags.effort !== undefined ? { effort: flags.effort } : {}),
    ...(io.signal ? { signal: io.signal } : {}),
    local: { cwd: io.cwd, flags: { ...(flags.threads !== undefined ? { threads: flags.threads } : {}), ...(flags.gpu !== undefined ? { gpu: flags.gpu } : {}), ...(flags.maxTokens !== undefined ? { maxTokens: flags.maxTokens } : {}) }, status: (l) => io.stderr(l + '\n') },
  });
  if (flags.json) io.stdout(JSON.stringify({ judges: results.map(jsonOf) }, null, 2) + '\n');
  else io.stdout(results.map(textOf).join('') + `${results.length} judge${results.length === 1 ? '' : 's'} checked: ${results.filter((r) => r.ok).length} ok, ${results.filter((r) => !r.ok).length} failed\n`);
  for (const r of results) for (const w of r.warnings) io.stderr(`warning: ${w}\n`);
  for (const r of results.filter((x) => !x.ok)) io.stderr(`review-judge doctor: ${r.judge} failed (${failedChecks(r)}): ${r.status}: ${detail(r)}; fix: ${r.fix}\n`);
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.input;
}

/** The `--json` shape, keys in a stable order. */
function jsonOf(r: JudgeDiagnosis) {
  return {
    judge: r.judge,
    ok: r.ok,
    checks: r.checks,
    effort: r.effortSent,
    samples: r.samples,
    latencyMs: r.latencyMs,
    servedModel: r.servedModel,
    fingerprint: r.fingerprint,
    usage: r.usage,
    costUsd: r.costUsd,
    status: r.status,
    error: r.error,
    fix: r.fix,
    warnings: r.warnings,
  };
}

const LABELS: Record<keyof JudgeDiagnosis['checks'], string> = { auth: 'auth', model: 'model', structuredOutput: 'structured output', n: 'n', effort: 'effort' };
const STATE: Record<CheckState, string> = { ok: 'ok', failed: 'FAILED', 'not-checked': 'not checked', 'not-applicable': 'n/a' };

function textOf(r: JudgeDiagnosis): string {
  const head = [`${r.judge}: ${r.ok ? 'ok' : `FAILED (${r.status})`}`];
  if (r.latencyMs !== null) head.push(`${r.latencyMs} ms`);
  if (r.servedModel) head.push(`served ${r.servedModel}${r.fingerprint ? ` (${r.fingerprint})` : ''}`);
  const checks = (Object.keys(LABELS) as Array<keyof typeof LABELS>).map((k) => {
    const detail = k === 'effort' && r.effortSent ? ` ${r.effortSent}` : k === 'n' && r.samples && r.samples.asked > 1 ? ` ${r.samples.got}/${r.samples.asked}` : '';
    return `${LABELS[k]}${detail} ${STATE[r.checks[k]]}`;
  });
  const lines = [head.join(', '), `  ${checks.join(', ')}`];
  if (r.usage) {
    const u = r.usage;
    const cost = r.costUsd === 'unpriced' ? 'unpriced' : `$${(r.costUsd ?? 0).toFixed(6)}`;
    lines.push(`  usage ${u.inputTokens} input (${u.cachedInputTokens} cached) + ${u.outputTokens} output tokens, ${cost}`);
  }
  return lines.join('\n') + '\n';
}

function failedChecks(r: JudgeDiagnosis): string {
  const failed = (Object.keys(LABELS) as Array<keyof typeof LABELS>).filter((k) => r.checks[k] === 'failed').map((k) => LABELS[k]);
  return failed.length ? failed.join(', ') : r.latencyMs === null && r.status !== 'not configured' ? 'no answer' : 'not sent';
}

/** The error without what the line already says: a leading `kind:model: ` (or `judge kind:model: `) and the status. */
function detail(r: JudgeDiagnosis): string {
  let e = r.error ?? 'failed';
  for (const prefix of [`${r.judge}: `, `judge ${r.judge}: `, `${r.status}: `]) if (e.startsWith(prefix)) e = e.slice(prefix.length);
  return e.replace(/[.;]\s*$/, '');
}

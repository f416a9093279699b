/**
 * A run against a throttled, faulty judge: the fake accepts N requests per rolling second and
 * answers the rest 429 with Retry-After, and injects 500s, connection resets and non-JSON answers
 * at the configured rates. No target: it shows what throttling and faults cost in time and in
 * unscored units, and how the adaptive concurrency limit behaved.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MIXED, startBackend } from '../fakeBackend.ts';
import { KEY_PROBLEMS, writeSyntheticRound } from '../fixtures.ts';
import type { FaultRates } from '../options.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli, runDirOf } from '../spawnCli.ts';

interface Variant {
  label: string;
  rateLimit: number;
  faults: FaultRates;
}

const NO_FAULTS: FaultRates = { status500: 0, reset: 0, invalid: 0 };

export async function resilience(ctx: Ctx): Promise<ScenarioResult> {
  const { latencyMs, concurrency, rateLimit, faults, retryAfter, seed } = ctx.opts;
  const reviews = ctx.opts.resilienceReviews;
  const faultText = `500 ${fmt.pct(faults.status500)}, reset ${fmt.pct(faults.reset)}, invalid JSON ${fmt.pct(faults.invalid)}`;
  const anyFault = faults.status500 + faults.reset + faults.invalid > 0;
  // Each cost alone, then both, so the table says which one costs what.
  const variants: Variant[] = [
    ...(rateLimit ? [{ label: 'rate limit only', rateLimit, faults: NO_FAULTS }] : []),
    ...(anyFault ? [{ label: 'faults only', rateLimit: 0, faults }] : []),
    ...(rateLimit && anyFault ? [{ label: 'rate limit + faults', rateLimit, faults }] : []),
  ];
  if (!variants.length) variants.push({ label: 'no limit, no faults', rateLimit: 0, faults: NO_FAULTS });
  const rows: ScenarioResult['rows'] = [];
  const details: string[] = [
    `- Synthetic round, ${reviews} reviews × ${KEY_PROBLEMS} problems, \`--judge openai-compatible:bench-judge --votes 3 --no-audit --concurrency ${concurrency}\` (SDK defaults: 3 retries); the judge splits 3 units in 10 (3 calls) and agrees on the rest (2 calls). Fake latency ${latencyMs} ms.`,
    `- Rate limit: ${rateLimit ? `${rateLimit} accepted requests per rolling second, then 429 at once with ${retryAfter === 'ms' ? '\`retry-after-ms\` (the exact wait)' : '\`Retry-After\` in whole seconds'}` : 'none'}. Faults: ${faultText} of requests (seeded RNG, seed ${seed}). Ideal = answered calls ÷ min(limit, concurrency ÷ latency).`,
  ];
  for (const [i, v] of variants.entries()) {
    const dir = path.join(ctx.tmp, `resilience-${i}`);
    mkdirSync(dir, { recursive: true });
    const round = writeSyntheticRound(dir, reviews);
    const backend = await startBackend({ latencyMs, rateLimit: v.rateLimit, retryAfter, faults: v.faults, seed, pattern: MIXED });
    try {
      ctx.log(`resilience: ${v.label}`);
      const run = await runCli(
        ['score', round, '--round', '6', '--judge', 'openai-compatible:bench-judge', '--base-url', `${backend.url}/v1`, '--votes', '3', '--no-audit', '--concurrency', String(concurrency), '--runs-dir', 'runs'],
        { cwd: dir, env: childEnv({}), measure: true },
      );
      // Exit 1 = some units unscored after the retries: a result here, not a harness failure.
      expectExit(run, `resilience run (${v.label})`, [0, 1]);
      const s = backend.stats;
      const totals = /(\d+) units, (\d+) requests, (\d+) cached votes, (\d+) unscored/.exec(run.stderr);
      const units = totals ? Number(totals[1]) : reviews * KEY_PROBLEMS;
      const unscored = totals ? Number(totals[4]) : NaN;
      const throttle = concurrencyTrace(path.resolve(dir, runDirOf(run), 'log.jsonl'));
      const clientMax = latencyMs > 0 ? (concurrency * 1000) / latencyMs : Infinity;
      const ceiling = v.rateLimit ? Math.min(v.rateLimit, clientMax) : clientMax;
      const ideal = Number.isFinite(ceiling) ? (s.answered / ceiling) * 1000 : 0;
      const window = (s.lastDone ?? run.exitedAt) - (s.firstArrival ?? run.spawnedAt);
      const injected = s.faults.status500 + s.faults.reset + s.faults.invalid;
      rows.push({
        figure: `${v.label}: wall vs ideal at ${Number.isFinite(ceiling) ? `${ceiling.toFixed(0)} req/s` : 'no limit'}; unscored units`,
        measured: `${fmt.ms(run.wallMs)} vs ${fmt.ms(ideal)} (${(ideal / run.wallMs).toFixed(2)}); ${unscored} of ${units} unscored`,
        target: '',
        ok: null,
      });
      const reasons = [...new Set(run.stderr.split('\n').filter((l) => l.startsWith('unscored:')).map((l) => l.replace(/^unscored: \S+ run\d+ \S+: /, '')))].slice(0, 3);
      details.push(
        `- **${v.label}**: exit ${run.code}; ${fmt.int(s.requests)} HTTP requests = ${fmt.int(s.answered)} answered + ${fmt.int(s.throttled)} × 429 + ${injected} faults (${s.faults.status500} × 500, ${s.faults.reset} resets, ${s.faults.invalid} non-JSON); ` +
          `${(s.answered / (window / 1000)).toFixed(1)} answers/s over the ${fmt.ms(window)} request window (client ceiling ${Number.isFinite(clientMax) ? clientMax.toFixed(0) : '∞'} req/s, server limit ${v.rateLimit || 'none'}); ` +
          `adaptive limit: ${throttle.decreases} halvings, ${throttle.increases} recovery steps, lowest ${throttle.lowest ?? concurrency}, final ${throttle.last ?? concurrency}; ` +
          `${unscored} unscored${reasons.length ? ` (${reasons.join('; ')})` : ''}; peak RSS ${fmt.mb(run.peakRssMb)}.`,
      );
    } finally {
      await backend.close();
    }
  }
  return { name: 'resilience', rows, details, misses: [] };
}

/** Concurrency changes the run logged ("concurrency throttled (429)" / "concurrency recovering"). */
function concurrencyTrace(logFile: string): { decreases: number; increases: number; lowest: number | null; last: number | null } {
  const out = { decreases: 0, increases: 0, lowest: null as number | null, last: null as number | null };
  if (!existsSync(logFile)) return out;
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"concurrency')) continue;
    let rec: { msg?: string; concurrency?: number };
    try {
      rec = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof rec.concurrency !== 'number' || !rec.msg?.startsWith('concurrency ')) continue;
    if (rec.msg.includes('throttled')) out.decreases++;
    else if (rec.msg.includes('recovering')) out.increases++;
    else continue;
    out.lowest = Math.min(out.lowest ?? rec.concurrency, rec.concurrency);
    out.last = rec.concurrency;
  }
  return out;
}

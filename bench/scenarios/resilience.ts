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
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli, runDirOf } from '../spawnCli.ts';

export async function resilience(ctx: Ctx): Promise<ScenarioResult> {
  const { latencyMs, concurrency, rateLimit, faults, retryAfter, seed } = ctx.opts;
  const reviews = ctx.opts.resilienceReviews;
  const dir = path.join(ctx.tmp, 'resilience');
  mkdirSync(dir, { recursive: true });
  const round = writeSyntheticRound(dir, reviews);
  const backend = await startBackend({ latencyMs, rateLimit, retryAfter, faults, seed, pattern: MIXED });
  try {
    const faultText = `500 ${fmt.pct(faults.status500)}, reset ${fmt.pct(faults.reset)}, invalid JSON ${fmt.pct(faults.invalid)}`;
    ctx.log(`resilience: ${reviews} reviews, ${latencyMs} ms, limit ${rateLimit || 'none'} req/s, faults ${faultText}`);
    const run = await runCli(
      ['score', round, '--round', '6', '--judge', 'openai-compatible:bench-judge', '--base-url', `${backend.url}/v1`, '--votes', '3', '--no-audit', '--concurrency', String(concurrency), '--runs-dir', 'runs'],
      { cwd: dir, env: childEnv({}), measure: true },
    );
    // Exit 1 = some units unscored after the retries: a result here, not a harness failure.
    expectExit(run, 'resilience run', [0, 1]);
    const s = backend.stats;
    const totals = /(\d+) units, (\d+) requests, (\d+) cached votes, (\d+) unscored/.exec(run.stderr);
    const units = totals ? Number(totals[1]) : reviews * KEY_PROBLEMS;
    const unscored = totals ? Number(totals[4]) : NaN;
    const engineRequests = totals ? Number(totals[2]) : NaN;
    const throttle = concurrencyTrace(path.resolve(dir, runDirOf(run), 'log.jsonl'));
    const clientMax = latencyMs > 0 ? (concurrency * 1000) / latencyMs : Infinity;
    const ceiling = rateLimit ? Math.min(rateLimit, clientMax) : clientMax;
    const ideal = Number.isFinite(ceiling) ? (s.answered / ceiling) * 1000 : 0;
    const window = (s.lastDone ?? run.exitedAt) - (s.firstArrival ?? run.spawnedAt);
    return {
      name: 'resilience',
      rows: [
        { figure: `throttled + faulty judge: wall vs ideal at ${Number.isFinite(ceiling) ? `${ceiling.toFixed(0)} req/s` : 'no limit'}`, measured: `${fmt.ms(run.wallMs)} vs ${fmt.ms(ideal)} (${(ideal / run.wallMs).toFixed(2)})`, target: '', ok: null },
        { figure: 'throttled + faulty judge: unscored units', measured: `${unscored} of ${units} (exit ${run.code})`, target: '', ok: null },
        { figure: 'throttled + faulty judge: 429s / faults injected', measured: `${fmt.int(s.throttled)} / ${s.faults.status500 + s.faults.reset + s.faults.invalid}`, target: '', ok: null },
      ],
      details: [
        `- Synthetic round, ${reviews} reviews × ${KEY_PROBLEMS} problems, \`--judge openai-compatible:bench-judge --votes 3 --no-audit --concurrency ${concurrency}\` (SDK defaults: 3 retries); the judge splits 3 units in 10 (3 calls) and agrees on the rest (2 calls).`,
        `- Fake: ${latencyMs} ms latency; ${rateLimit ? `${rateLimit} accepted requests per rolling second, then 429 at once with ${retryAfter === 'ms' ? '`retry-after-ms` (exact wait)' : '`Retry-After` in whole seconds'}` : 'no rate limit'}; faults ${faultText} (seed ${seed}).`,
        `- HTTP requests ${fmt.int(s.requests)}: ${fmt.int(s.answered)} answered, ${fmt.int(s.throttled)} × 429, ${s.faults.status500} × 500, ${s.faults.reset} resets, ${s.faults.invalid} non-JSON answers. The engine counted ${engineRequests} requests (after SDK retries).`,
        `- Answered throughput ${(s.answered / (window / 1000)).toFixed(1)} req/s over the ${fmt.ms(window)} request window (client ceiling ${Number.isFinite(clientMax) ? clientMax.toFixed(0) : '∞'} req/s, server limit ${rateLimit || 'none'}).`,
        `- Adaptive limit (from log.jsonl): ${throttle.decreases} halvings, ${throttle.increases} recovery steps, lowest concurrency ${throttle.lowest ?? concurrency}, final ${throttle.last ?? concurrency}.`,
        `- Unscored units: ${unscored}${unscored ? ` — ${[...new Set(run.stderr.split('\n').filter((l) => l.startsWith('unscored:')).map((l) => l.replace(/^unscored: \S+ run\d+ \S+: /, '')))].slice(0, 3).join('; ')}` : ''}. CLI peak RSS ${fmt.mb(run.peakRssMb)}.`,
      ],
      misses: [],
    };
  } finally {
    await backend.close();
  }
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

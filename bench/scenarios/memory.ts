/**
 * Peak memory with big reviews (issue 12: "12 reviews of 2 MB take 1.2 GB"): a round of 12 synthetic
 * reviews of 2,000,000 bytes each (under the default --max-review-bytes of 2 MiB, so none is refused),
 * the bundled key (10 problems) and the audit: the peak RSS of `score --dry-run`, of a run judged by
 * the OpenAI fake (`n`: one request per unit) and of one judged by an openai-compatible fake (no `n`:
 * two or three requests per unit, each carrying the whole review). The fake lives in this process,
 * so the child's RSS is the CLI's alone. RSS counts garbage V8 has not collected yet (on a 24 GB
 * machine it lets the heap grow far before a full collection), so the `n` run is repeated with the
 * V8 old space capped (`--max-old-space-size`): finishing there says what the run really holds.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIXED, startBackend } from '../fakeBackend.ts';
import { BUNDLED_KEY } from '../fixtures.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli, type CliRun } from '../spawnCli.ts';

const REVIEWS = 12;
const REVIEW_BYTES = 2_000_000;
/** The old space the run must fit in: what it holds live, not what garbage V8 lets pile up. */
export const HEAP_CAP_MB = 200;

const SENTENCES = [
  'The ingestion path has no backpressure between the Kinesis consumers and the analytics store',
  'Device commands are retried without an idempotency key, so a retry may run a command twice',
  'Redis holds session and rate-limit state with no replica, a single point of failure',
  'Failover across regions has no trigger conditions and no replication-lag policy',
  'Health checks test only that the process is alive, not its database or broker',
  'Schema migrations run during deploys without a backward-compatible phase',
  'Alert thresholds are not tied to the SLOs and no alert has a runbook',
  'The firmware rollout has no staged canary and no automatic rollback',
];

/** A review of about `bytes` bytes: headings and numbered findings, unique per review (built in one join: no quadratic growth). */
export function bigReview(index: number, bytes: number): string {
  const parts = [`# Reliability review ${index}\n\n## Findings\n`];
  let size = parts[0]!.length;
  for (let i = 0; size < bytes; i++) {
    const s = SENTENCES[(index + i) % SENTENCES.length]!;
    const part = i % 40 === 0 ? `\n### Area ${index}.${i / 40 + 1}\n\n` : `${i + 1}. ${s} (review ${index}, finding ${i + 1}); the design should name the owner, the limit and the fallback.\n`;
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  return parts.join('');
}

/** Writes the round folder `<dir>/round` (round 006). */
function writeRound(dir: string): string {
  const results = path.join(dir, 'round', 'results');
  mkdirSync(results, { recursive: true });
  copyFileSync(BUNDLED_KEY, path.join(dir, 'round', 'answer-key-round-006.md'));
  const prompts = ['baseline', 'variant-a', 'variant-b'];
  for (let i = 0; i < REVIEWS; i++) writeFileSync(path.join(results, `v006-${prompts[i % 3]}-run${Math.floor(i / 3) + 1}.md`), bigReview(i, REVIEW_BYTES));
  return 'round';
}

/** Runs the memory scenario: the dry run, the two judged runs and the capped one, each in a child process. */
export async function memory(ctx: Ctx): Promise<ScenarioResult> {
  const dir = path.join(ctx.tmp, 'memory');
  mkdirSync(dir, { recursive: true });
  const round = writeRound(dir);
  const base = ['score', round, '--round', '6', '--votes', '3', '--concurrency', String(ctx.opts.concurrency)];
  const runs: Array<{ label: string; run: CliRun; requests: number | null }> = [];

  await ctx.quiet();
  const dry = await runCli([...base, '--judge', 'openai:gpt-4.1-mini', '--dry-run', '--runs-dir', 'runs-dry'], { cwd: dir, env: childEnv({}), measure: true });
  expectExit(dry, 'score --dry-run');
  runs.push({ label: '`score --dry-run`', run: dry, requests: null });

  for (const [label, judge, nodeArgs] of [
    ['judged, `openai:gpt-4.1-mini` (`n`)', 'openai:gpt-4.1-mini', []],
    ['judged, `openai-compatible` (no `n`)', 'openai-compatible:m', []],
    [`judged, \`openai:gpt-4.1-mini\`, V8 old space capped at ${HEAP_CAP_MB} MB`, 'openai:gpt-4.1-mini', [`--max-old-space-size=${HEAP_CAP_MB}`]],
  ] as const) {
    const backend = await startBackend({ latencyMs: ctx.opts.latencyMs, pattern: MIXED });
    try {
      await ctx.quiet();
      const hosted = judge.startsWith('openai:');
      const env: Record<string, string> = hosted ? { OPENAI_API_KEY: 'sk-bench-memory-0000', OPENAI_BASE_URL: `${backend.url}/v1` } : {};
      const extra = hosted ? [] : ['--base-url', `${backend.url}/v1`];
      const run = await runCli([...base, '--judge', judge, ...extra, '--runs-dir', `runs-${runs.length}`], { cwd: dir, env: childEnv(env), measure: true, nodeArgs: [...nodeArgs] });
      // The capped run may run out of heap: that is its answer, not a failure of the scenario.
      if (!nodeArgs.length) expectExit(run, label, [0, 1]);
      runs.push({ label, run, requests: backend.stats.requests });
    } finally {
      await backend.close();
    }
  }
  const capped = runs.at(-1)!.run;
  const fits = capped.code === 0 || capped.code === 1;
  return {
    name: 'memory',
    rows: runs.map((r, i) => {
      const last = i === runs.length - 1;
      const rss = r.run.peakRssMb === null ? 'not measured' : `${r.run.peakRssMb.toFixed(0)} MB`;
      const measured = last && !fits ? `out of heap (exit ${r.run.code}) at ${rss}` : `${rss} peak RSS (${fmt.ms(r.run.wallMs)}${r.requests === null ? '' : `, ${r.requests} requests`})`;
      return { figure: `12 reviews of 2 MB: ${r.label}`, measured, target: last ? 'finishes' : '', ok: last ? fits : null };
    }),
    details: [
      `- ${REVIEWS} synthetic reviews of ${REVIEW_BYTES.toLocaleString('en')} bytes (${((REVIEWS * REVIEW_BYTES) / 1e6).toFixed(0)} MB in all; under the default --max-review-bytes of 2 MiB), the bundled key (10 problems), audit on: ${REVIEWS * 11} units; fake latency ${ctx.opts.latencyMs} ms, --concurrency ${ctx.opts.concurrency}.`,
      ...runs.map((r) => `- ${r.label}: exit ${r.run.code}, peak RSS ${r.run.peakRssMb?.toFixed(0) ?? '?'} MB, wall ${fmt.ms(r.run.wallMs)}, CPU ${r.run.cpuUserS ?? '?'} s user + ${r.run.cpuSysS ?? '?'} s system.`),
    ],
    misses: fits ? [] : [`- the run does not fit in a ${HEAP_CAP_MB} MB old space: it holds more than that live (${capped.stderr.split('\n').find((l) => /heap/i.test(l))?.trim() ?? 'see its stderr'}).`],
  };
}

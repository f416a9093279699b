/**
 * The real corpus nightly: `score <corpus>/rounds --all-rounds` (every round with its own key,
 * reviews and perspective; audit on) against the OpenAI fake, detection requests answered after
 * --corpus-latency-ms and audit requests --audit-slowdown × slower (the audit is the long call).
 * Efficiency = (Σ latency) / concurrency ÷ process wall.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIXED, startBackend } from '../fakeBackend.ts';
import { QUICK_SERIES } from './nightlyHistory.ts';
import { nightlyArgs, nightlyDetails, nightlyMiss, timedNightly } from '../nightly.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';

export const TARGET_CORPUS_EFFICIENCY = 0.9;

export async function nightlyCorpus(ctx: Ctx): Promise<ScenarioResult> {
  const { concurrency, corpusLatencyMs: latency, auditSlowdown } = ctx.opts;
  // Quick mode: one series (9 rounds) instead of all 55 rounds.
  const rounds = path.join(ctx.opts.corpus, 'rounds', ...(ctx.opts.quick ? [QUICK_SERIES] : []));
  const figure = `${ctx.opts.quick ? `${QUICK_SERIES} (quick)` : 'corpus'} nightly (detection ${latency} ms, audit ${Math.round(latency * auditSlowdown)} ms, concurrency ${concurrency}): Σ latency / concurrency ÷ process wall`;
  if (!existsSync(rounds)) {
    return {
      name: 'nightly-corpus',
      rows: [{ figure, measured: 'skipped: corpus absent', target: `≥ ${TARGET_CORPUS_EFFICIENCY}`, ok: null }],
      details: [`- The workflow corpus is absent at ${rounds}; this figure needs the real rounds and was skipped (pass --corpus DIR).`],
      misses: [],
    };
  }
  const dir = path.join(ctx.tmp, 'nightly-corpus');
  mkdirSync(dir, { recursive: true });
  let audits = 0;
  const backend = await startBackend({
    latencyMs: latency,
    latency: (view) => (view.problemId === 'audit' ? (audits++, latency * auditSlowdown) : latency),
    pattern: MIXED,
  });
  try {
    ctx.log(`nightly-corpus: ${ctx.opts.quick ? `the ${QUICK_SERIES} rounds (quick)` : 'every corpus round'}, detection ${latency} ms, audit ${latency * auditSlowdown} ms, concurrency ${concurrency}${latency >= 500 ? ' (takes minutes: ~4.5 at 1 s)' : ''}`);
    await ctx.quiet();
    audits = 0;
    const n = await timedNightly({ cwd: dir, root: rounds, backend, concurrency, codes: [0, 1, 2] });
    const ok = n.efficiency >= TARGET_CORPUS_EFFICIENCY;
    const auditMs = audits * latency * auditSlowdown;
    return {
      name: 'nightly-corpus',
      rows: [{ figure, measured: `${n.efficiency.toFixed(3)} (${fmt.ms(n.idealMs)} / ${fmt.ms(n.run.wallMs)})`, target: `≥ ${TARGET_CORPUS_EFFICIENCY}`, ok }],
      details: [
        `- \`${nightlyArgs({ root: rounds, concurrency }).join(' ')}\` over the real corpus${ctx.opts.quick ? ` (quick: the ${QUICK_SERIES} series only)` : ''} (read-only; run folders and cache in the temp folder), one request per unit with \`n\`, audit on.`,
        `- The fake answers detection requests after ${latency} ms and audit requests (schema \`audit_findings\`) after ${latency * auditSlowdown} ms (--corpus-latency-ms, --audit-slowdown): ${fmt.int(audits)} audit requests hold ${fmt.pct(auditMs / Math.max(1, n.latencySumMs))} of Σ latency.`,
        ...nightlyDetails(n, concurrency),
      ],
      misses: ok ? [] : nightlyMiss(n, concurrency, TARGET_CORPUS_EFFICIENCY),
    };
  } finally {
    await backend.close();
  }
}

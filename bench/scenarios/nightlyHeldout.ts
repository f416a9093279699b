/**
 * A held-out-size nightly: a synthetic workflow root of N series (one round each, the bundled key,
 * M corpus-size reviews per round), `score <root> --all-rounds` with the audit on, against the
 * OpenAI fake at a fixed latency. Efficiency = (Σ latency) / concurrency ÷ process wall (start-up included).
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { MIXED, startBackend } from '../fakeBackend.ts';
import { KEY_PROBLEMS, writeSyntheticRoot } from '../fixtures.ts';
import { nightlyArgs, nightlyDetails, nightlyMiss, timedNightly } from '../nightly.ts';
import { formatProfile, summarizeProfileDir } from '../profile.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';

export const TARGET_HELDOUT_EFFICIENCY = 0.9;
/** Review size: the corpus median. */
const REVIEW_BYTES = 24_000;

export async function nightlyHeldout(ctx: Ctx): Promise<ScenarioResult> {
  const { latencyMs, concurrency, heldoutRounds: rounds, heldoutReviews: perRound } = ctx.opts;
  const dir = path.join(ctx.tmp, 'nightly-heldout');
  mkdirSync(dir, { recursive: true });
  const root = writeSyntheticRoot(dir, 'workflow', rounds, perRound, REVIEW_BYTES);
  const units = rounds * perRound * (KEY_PROBLEMS + 1);
  const backend = await startBackend({ latencyMs, pattern: MIXED });
  try {
    ctx.log(`nightly-heldout: ${rounds} rounds × ${perRound} reviews × (${KEY_PROBLEMS} problems + audit) = ${units} units at ${latencyMs} ms, concurrency ${concurrency}`);
    await ctx.quiet();
    const n = await timedNightly({ cwd: dir, root, backend, concurrency });
    const ok = n.efficiency >= TARGET_HELDOUT_EFFICIENCY;
    const misses = ok ? [] : nightlyMiss(n, concurrency, TARGET_HELDOUT_EFFICIENCY);
    if (!ok && ctx.opts.profile) {
      ctx.log('nightly-heldout: profiling the run (node --cpu-prof), fresh runs folder');
      const prof = mkdtempSync(path.join(ctx.tmp, 'prof-heldout-'));
      await timedNightly({ cwd: dir, root, backend, concurrency, runsDir: 'runs-prof', nodeArgs: ['--cpu-prof', '--cpu-prof-dir', prof] });
      misses.push(...formatProfile(summarizeProfileDir(prof, 40).filter((t) => t.thread === 'main thread'), 'the held-out nightly (where the CLI spends its CPU)'));
    }
    return {
      name: 'nightly-heldout',
      rows: [
        {
          figure: `held-out nightly (${rounds} rounds, ${fmt.int(n.requests)} requests × ${latencyMs} ms / ${concurrency}): Σ latency / concurrency ÷ process wall`,
          measured: `${n.efficiency.toFixed(3)} (${fmt.ms(n.idealMs)} / ${fmt.ms(n.run.wallMs)})`,
          target: `≥ ${TARGET_HELDOUT_EFFICIENCY}`,
          ok,
        },
      ],
      details: [
        `- Synthetic workflow root: ${rounds} \`<perspective>-design/\` series, one round each (the bundled key as round 006, 10 problems), ${perRound} reviews per round of ~${REVIEW_BYTES / 1000} kB (the corpus median), every text unique: ${fmt.int(units)} units (audit included).`,
        `- \`${nightlyArgs({ root, concurrency }).join(' ')}\` (one request per unit with \`n\`; audit on), the OpenAI fake answering after ${latencyMs} ms.`,
        ...nightlyDetails(n, concurrency),
      ],
      misses,
    };
  } finally {
    await backend.close();
  }
}

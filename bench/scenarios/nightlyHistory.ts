/**
 * Does a nightly slow down as earlier nights pile up in the runs folder? The corpus nightly fills a
 * cache (--cache-dir, shared) against a fast fake, then a fully cached `--all-rounds` run is timed
 * with a runs folder holding no earlier nights and with N earlier nights (copies of the first
 * night's run folders, under new names). Each round reads the runs folder for its series' history.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hash32, MIXED, startBackend, unitKey } from '../fakeBackend.ts';
import { folderSize } from '../fixtures.ts';
import { nightlyArgs, openAIEnv } from '../nightly.ts';
import { formatProfile, summarizeProfileDir } from '../profile.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { expectExit, runCli, type CliRun } from '../spawnCli.ts';

export const TARGET_HISTORY_RATIO = 1.2;
export const QUICK_SERIES = 'reliability-design';

export async function nightlyHistory(ctx: Ctx): Promise<ScenarioResult> {
  const { concurrency, historyNights: nights } = ctx.opts;
  // Quick mode: one series (9 rounds) instead of all 55 rounds.
  const rounds = path.join(ctx.opts.corpus, 'rounds', ...(ctx.opts.quick ? [QUICK_SERIES] : []));
  const figure = `cached ${ctx.opts.quick ? `${QUICK_SERIES} (quick)` : 'corpus'} nightly with ${nights} earlier nights kept ÷ with none`;
  if (!existsSync(rounds)) {
    return {
      name: 'nightly-history',
      rows: [{ figure, measured: 'skipped: corpus absent', target: `≤ ${TARGET_HISTORY_RATIO}×`, ok: null }],
      details: [`- The workflow corpus is absent at ${rounds}; skipped (pass --corpus DIR).`],
      misses: [],
    };
  }
  const dir = path.join(ctx.tmp, 'nightly-history');
  mkdirSync(dir, { recursive: true });
  // 0-5 ms per request, seeded by the unit: fast, but answers do not all arrive in request order.
  const backend = await startBackend({ latencyMs: 0, latency: (view) => hash32(`${ctx.opts.seed}|${unitKey(view)}`) % 6, pattern: MIXED });
  const env = openAIEnv(backend);
  const args = (runsDir: string) => nightlyArgs({ root: rounds, concurrency, runsDir, extraArgs: ['--cache-dir', 'cache'] });
  try {
    ctx.log('nightly-history: first night (fills the cache, 0-5 ms fake)');
    const fill = await runCli(args('night-1'), { cwd: dir, env, measure: true });
    expectExit(fill, 'nightly-history fill', [0, 1, 2]);
    const fillRequests = backend.stats.requests;
    const nightFolders = readdirSync(path.join(dir, 'night-1')).filter((n) => n !== 'cache');
    const perNight = folderSize(path.join(dir, 'night-1'));
    // N earlier nights: the first night's run folders, copied under new names (night k of N).
    const kept = path.join(dir, 'runs-kept');
    for (let k = 1; k <= nights; k++) for (const name of nightFolders) cpSync(path.join(dir, 'night-1', name), path.join(kept, `night${k}-${name}`), { recursive: true });
    const keptNames = new Set(existsSync(kept) ? readdirSync(kept) : []);

    const reps = ctx.opts.quick ? 1 : 2;
    const none: CliRun[] = [];
    const withKept: CliRun[] = [];
    const requests = { none: 0, kept: 0 };
    for (let r = 0; r < reps; r++) {
      const empty = path.join(dir, 'runs-none');
      rmSync(empty, { recursive: true, force: true });
      mkdirSync(empty);
      await ctx.quiet();
      backend.reset();
      ctx.log(`nightly-history: cached nightly, no earlier nights (${r + 1}/${reps})`);
      const a = await runCli(args('runs-none'), { cwd: dir, env, measure: true });
      expectExit(a, 'cached nightly (no earlier nights)', [0, 1, 2]);
      none.push(a);
      requests.none += backend.stats.requests;
      await ctx.quiet();
      backend.reset();
      ctx.log(`nightly-history: cached nightly, ${nights} earlier nights (${fmt.int(keptNames.size)} run folders) (${r + 1}/${reps})`);
      const b = await runCli(args('runs-kept'), { cwd: dir, env, measure: true });
      expectExit(b, `cached nightly (${nights} earlier nights)`, [0, 1, 2]);
      withKept.push(b);
      requests.kept += backend.stats.requests;
      // Back to exactly N earlier nights for the next repetition.
      for (const name of readdirSync(kept)) if (!keptNames.has(name)) rmSync(path.join(kept, name), { recursive: true, force: true });
    }
    const best = (runs: CliRun[]) => runs.reduce((m, r) => (r.wallMs < m.wallMs ? r : m));
    const a = best(none);
    const b = best(withKept);
    const ratio = b.wallMs / a.wallMs;
    const ok = ratio <= TARGET_HISTORY_RATIO;
    const cpu = (r: CliRun) => (r.cpuUserS === null ? 'n/a' : `${r.cpuUserS} s user + ${r.cpuSysS} s system`);
    const misses: string[] = [];
    if (!ok) {
      misses.push(
        `- With ${nights} earlier nights (${fmt.int(keptNames.size)} run folders) the cached nightly took ${fmt.ms(b.wallMs)} (CPU ${cpu(b)}) against ${fmt.ms(a.wallMs)} (CPU ${cpu(a)}) with none: ` +
          `${fmt.ms(b.wallMs - a.wallMs)} more, ${((b.wallMs - a.wallMs) / Math.max(1, keptNames.size * nightFolders.length)).toFixed(3)} ms per (round, earlier run folder) pair — the cost of every round re-reading every manifest in the runs folder for its history.`,
      );
      if (ctx.opts.profile) {
        ctx.log('nightly-history: profiling the run with earlier nights');
        const prof = path.join(ctx.tmp, 'prof-history');
        mkdirSync(prof, { recursive: true });
        const again = await runCli(args('runs-kept'), { cwd: dir, env, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', prof] });
        expectExit(again, 'cached nightly under --cpu-prof', [0, 1, 2]);
        misses.push(...formatProfile(summarizeProfileDir(prof, 40).filter((t) => t.thread === 'main thread'), `the cached nightly with ${nights} earlier nights`));
      }
    }
    return {
      name: 'nightly-history',
      rows: [
        { figure, measured: `${ratio.toFixed(2)}× (${fmt.ms(b.wallMs)} / ${fmt.ms(a.wallMs)})`, target: `≤ ${TARGET_HISTORY_RATIO}×`, ok },
        { figure: 'requests made by the cached nightlies', measured: fmt.int(requests.none + requests.kept), target: '0', ok: requests.none + requests.kept === 0 },
      ],
      details: [
        `- \`${args('<runs>').join(' ')}\` over the real corpus${ctx.opts.quick ? ` (quick: the ${QUICK_SERIES} series only)` : ''}. First night against a fake answering in 0-5 ms (seeded per unit): ${fmt.int(fillRequests)} requests, ${fmt.ms(fill.wallMs)}, exit ${fill.code}; ${nightFolders.length} run folders, ${(perNight.bytes / 1024 / 1024).toFixed(0)} MB in ${fmt.int(perNight.files)} files per night.`,
        `- Earlier nights: ${nights} copies of the first night's run folders under new names (${fmt.int(keptNames.size)} folders); the cache is shared through \`--cache-dir cache\`, so both timed runs are fully cached.`,
        `- Timed runs (best of ${reps}${reps > 1 ? `; all: none ${none.map((r) => fmt.ms(r.wallMs)).join(', ')}; kept ${withKept.map((r) => fmt.ms(r.wallMs)).join(', ')}` : ''}): no earlier nights ${fmt.ms(a.wallMs)}, peak RSS ${fmt.mb(a.peakRssMb)}, CPU ${cpu(a)}; ${nights} earlier nights ${fmt.ms(b.wallMs)}, peak RSS ${fmt.mb(b.peakRssMb)}, CPU ${cpu(b)}. Load average now ${os.loadavg()[0]!.toFixed(2)}.`,
      ],
      misses,
    };
  } finally {
    await backend.close();
  }
}

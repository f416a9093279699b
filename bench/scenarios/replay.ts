/**
 * A corpus-size run served from the cache: N reviews × 10 problems × 3 votes judged once against a
 * 0-latency fake to fill the cache, then the identical command again (every vote a cache hit, no
 * request) and `review-judge replay <run-dir>`, each timed with its peak RSS.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIXED, startBackend } from '../fakeBackend.ts';
import { BUNDLED_KEY, folderSize, KEY_PROBLEMS, writeReviewSet } from '../fixtures.ts';
import { formatProfile, summarizeProfileDir } from '../profile.ts';
import { formatBreakdown, replayBreakdown } from '../replayBreakdown.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli, runDirOf, type CliRun } from '../spawnCli.ts';

export const TARGET_MS = 3000;
export const TARGET_RSS_MB = 300;
const HEAP_CAP_MB = 128;

export async function replay(ctx: Ctx): Promise<ScenarioResult> {
  const n = ctx.opts.replayReviews;
  const dir = path.join(ctx.tmp, 'replay');
  mkdirSync(dir, { recursive: true });
  copyFileSync(BUNDLED_KEY, path.join(dir, 'answer-key-round-006.md'));
  const set = writeReviewSet(dir, 'reviews', n, ctx.opts.corpus);
  const backend = await startBackend({ latencyMs: 0, pattern: MIXED });
  try {
    const env = childEnv({ OPENAI_API_KEY: 'sk-bench-not-a-real-ke', OPENAI_BASE_URL: `${backend.url}/v1` });
    const args = ['score', '--key', 'answer-key-round-006.md', '--reviews', 'reviews', '--judge', 'openai:gpt-4.1-mini', '--votes', '3', '--no-audit', '--concurrency', String(ctx.opts.concurrency), '--runs-dir', 'runs'];
    ctx.log(`replay: filling the cache (${n} reviews × ${KEY_PROBLEMS} × 3 votes, 0-latency fake)`);
    const fill = await runCli(args, { cwd: dir, env, measure: true });
    expectExit(fill, 'cache fill run');
    const fillRequests = backend.stats.requests;
    backend.reset();
    const waitedCached = await ctx.quiet();
    const loadCached = os.loadavg()[0]!;
    ctx.log('replay: the identical run again, from the cache');
    const cached = await runCli(args, { cwd: dir, env, measure: true });
    expectExit(cached, 'cached run');
    const cachedRequests = backend.stats.requests;
    const runDir = runDirOf(cached);
    const waitedReplay = await ctx.quiet();
    const loadReplay = os.loadavg()[0]!;
    ctx.log(`replay: review-judge replay ${path.relative(dir, path.resolve(dir, runDir))}`);
    const rep = await runCli(['replay', runDir], { cwd: dir, env: childEnv({}), measure: true });
    expectExit(rep, 'replay');
    const counted = /\((\d+) units, (\d+) votes, no network\)/.exec(rep.stderr);
    const votes = counted ? Number(counted[2]) : n * KEY_PROBLEMS * 3;
    const cache = folderSize(path.join(dir, 'runs', 'cache'));
    const hits = /(\d+) cached votes/.exec(cached.stderr)?.[1];

    const misses: string[] = [];
    const check = async (label: string, run: CliRun, cmd: string[]) => {
      const slow = run.wallMs > TARGET_MS;
      const big = run.peakRssMb !== null && run.peakRssMb > TARGET_RSS_MB;
      if (!slow && !big) return;
      misses.push(
        `- ${label}: ${fmt.ms(run.wallMs)}, peak RSS ${fmt.mb(run.peakRssMb)}, CPU ${run.cpuUserS ?? 'n/a'} s user + ${run.cpuSysS ?? 'n/a'} s system, ` +
          `for ${fmt.int(votes)} votes = ${(run.wallMs / votes).toFixed(3)} ms of wall and ${(((run.cpuUserS ?? NaN) + (run.cpuSysS ?? NaN)) * 1000 / votes).toFixed(3)} ms of CPU per vote.`,
      );
      if (ctx.opts.profile) {
        const prof = mkdtempSync(path.join(ctx.tmp, 'prof-'));
        ctx.log(`replay: profiling ${label}`);
        const again = await runCli(cmd, { cwd: dir, env: cmd[0] === 'replay' ? childEnv({}) : env, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', prof] });
        expectExit(again, `${label} under --cpu-prof`);
        misses.push(...formatProfile(summarizeProfileDir(prof, 40).filter((t) => t.thread === 'main thread'), label));
      }
    };
    await check('the cached run (`score`, every vote a cache hit)', cached, args);
    await check('`replay <run-dir>`', rep, ['replay', runDir]);
    if (misses.length) {
      ctx.log('replay: timing the product steps in-process');
      misses.push(...formatBreakdown(await replayBreakdown(dir, runDir, path.join(dir, 'runs', 'cache'))));
    }
    const bigRss = [cached, rep].some((r) => r.peakRssMb !== null && r.peakRssMb > TARGET_RSS_MB);
    if (bigRss) {
      // Live data or uncollected garbage? Rerun with the V8 old space capped well below the target.
      ctx.log(`replay: the cached run again with --max-old-space-size=${HEAP_CAP_MB}`);
      const capped = await runCli(args, { cwd: dir, env, measure: true, nodeArgs: [`--max-old-space-size=${HEAP_CAP_MB}`] });
      misses.push(
        capped.code === 0
          ? `- With the V8 heap capped (\`node --max-old-space-size=${HEAP_CAP_MB}\`) the same cached run still succeeds: ${fmt.ms(capped.wallMs)}, peak RSS ${fmt.mb(capped.peakRssMb)}. The live data fits in ${HEAP_CAP_MB} MB: the uncapped peak is garbage the run produces faster than V8 collects it (see the garbage collector's share in the profile above), and capping the heap trades it for time.`
          : `- With the V8 heap capped at ${HEAP_CAP_MB} MB the cached run fails (exit ${capped.code}): the live data itself exceeds the cap.`,
      );
    }

    return {
      name: 'replay',
      rows: [
        { figure: `cached run: \`score\` of ${fmt.int(votes)} votes, all from the cache`, measured: `${fmt.ms(cached.wallMs)}`, target: `≤ ${TARGET_MS / 1000} s`, ok: cached.wallMs <= TARGET_MS },
        { figure: 'cached run: peak RSS', measured: fmt.mb(cached.peakRssMb), target: `≤ ${TARGET_RSS_MB} MB`, ok: cached.peakRssMb === null ? null : cached.peakRssMb <= TARGET_RSS_MB },
        { figure: `\`replay <run-dir>\` of ${fmt.int(votes)} votes`, measured: `${fmt.ms(rep.wallMs)}`, target: `≤ ${TARGET_MS / 1000} s`, ok: rep.wallMs <= TARGET_MS },
        { figure: '`replay`: peak RSS', measured: fmt.mb(rep.peakRssMb), target: `≤ ${TARGET_RSS_MB} MB`, ok: rep.peakRssMb === null ? null : rep.peakRssMb <= TARGET_RSS_MB },
        { figure: 'requests made by the cached run', measured: fmt.int(cachedRequests), target: '0', ok: cachedRequests === 0 },
      ],
      details: [
        `- Inputs: bundled key (10 problems) and ${n} ${set.source === 'corpus' ? `real corpus reviews (${set.distinct} distinct files from ../shared/corpus/rounds/*/results, the rest repeated with a marker line so every text is unique)` : 'synthetic reviews of corpus size (24 kB; the corpus is absent)'}, ${(set.bytes / 1024 / 1024).toFixed(1)} MB of review text; \`--judge openai:gpt-4.1-mini --votes 3 --no-audit\`.`,
        `- Fill: ${fmt.int(fillRequests)} requests (with \`n\`), ${fmt.ms(fill.wallMs)}, peak RSS ${fmt.mb(fill.peakRssMb)}. Cache folder: ${fmt.int(cache.files)} files, ${(cache.bytes / 1024 / 1024).toFixed(0)} MB (${(cache.bytes / votes / 1024).toFixed(1)} kB per vote).`,
        `- Load average before the timed runs: ${loadCached.toFixed(2)} (cached run${waitedCached ? `, after waiting ${fmt.ms(waitedCached)}` : ''}), ${loadReplay.toFixed(2)} (replay${waitedReplay ? `, after waiting ${fmt.ms(waitedReplay)}` : ''}).`,
        `- Cached run: exit ${cached.code}, ${hits ?? '?'} cached votes, ${cachedRequests} requests, CPU ${cached.cpuUserS ?? 'n/a'} s user + ${cached.cpuSysS ?? 'n/a'} s system.`,
        `- Replay: exit ${rep.code} (${rep.stderr.trim().split('\n').pop()}), CPU ${rep.cpuUserS ?? 'n/a'} s user + ${rep.cpuSysS ?? 'n/a'} s system.`,
        `- Times are process wall times (spawn → exit) of the real bin, so they include the ~0.4 s start; RSS from \`/usr/bin/time -v\` (else VmHWM polling).`,
      ],
      misses,
    };
  } finally {
    await backend.close();
  }
}

/**
 * CLI cold start: `review-judge --help` against bare `node -e 0`, interleaved in the same run, median
 * of N each. The bin runs the build in dist/; a third command, the same `--help` through the tsx
 * fallback (`REVIEW_JUDGE_TSX=1`), shows what compiling the sources at every start would cost on top.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import path from 'node:path';
import { formatProfile, summarizeProfileDir } from '../profile.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { REPO } from '../options.ts';
import { childEnv, runCli, runNode } from '../spawnCli.ts';

/** The most `--help` may take above bare node (issue #9). */
export const TARGET_OVERHEAD_MS = 100;

/** Times `--help` from dist/ and through tsx against bare node and reports the overhead. */
export async function coldStart(ctx: Ctx): Promise<ScenarioResult> {
  const n = ctx.opts.coldStartRuns;
  // Without a build the bin silently falls back to tsx, and the figure would measure the wrong thing.
  if (!existsSync(path.join(REPO, 'dist/cli/run.js'))) throw new Error('no build in dist/: run `npm run build` first (npm run bench does)');
  const spawn = { cwd: REPO, env: childEnv({}) };
  const viaTsx = { cwd: REPO, env: childEnv({ REVIEW_JUDGE_TSX: '1' }) };
  const bare: number[] = [];
  const help: number[] = [];
  const tsxHelp: number[] = [];
  // One unmeasured start of each so the page cache holds node, tsx, dist and the sources.
  await runNode(['-e', '0'], spawn);
  for (const opts of [spawn, viaTsx]) {
    const warm = await runCli(['--help'], opts);
    if (warm.code !== 0 || !warm.stdout.includes('Usage: review-judge')) throw new Error(`review-judge --help failed (exit ${warm.code}): ${warm.stderr}`);
  }
  for (let i = 0; i < n; i++) {
    bare.push((await runNode(['-e', '0'], spawn)).wallMs);
    help.push((await runCli(['--help'], spawn)).wallMs);
    tsxHelp.push((await runCli(['--help'], viaTsx)).wallMs);
  }
  const mb = median(bare);
  const mh = median(help);
  const mt = median(tsxHelp);
  const overhead = mh - mb;
  const ok = overhead <= TARGET_OVERHEAD_MS;
  const misses: string[] = [];
  if (!ok) {
    misses.push(`- \`--help\` from dist/ costs ${fmt.ms(overhead)} above bare node: all of it is the CLI's own imports (commander, dotenv, the compiled modules), no TypeScript loader is involved.`);
    if (ctx.opts.profile) {
      const dir = mkdtempSync(path.join(ctx.tmp, 'prof-help-'));
      await runCli(['--help'], { ...spawn, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
      misses.push(...formatProfile(summarizeProfileDir(dir), '`review-judge --help`'));
    }
  }
  return {
    name: 'cold-start',
    rows: [
      { figure: 'CLI cold start above bare node (`--help` − `node -e 0`, medians)', measured: `${fmt.ms(overhead)} (${fmt.ms(mh)} − ${fmt.ms(mb)})`, target: `≤ ${TARGET_OVERHEAD_MS} ms`, ok },
    ],
    details: [
      `- ${n} starts of each command, interleaved, after one warm-up start each; wall time from spawn to exit, medians.`,
      `- \`node -e 0\`: median ${fmt.ms(mb)} (min ${fmt.ms(Math.min(...bare))}, max ${fmt.ms(Math.max(...bare))}).`,
      `- \`review-judge --help\` (the build in dist/): median ${fmt.ms(mh)} (min ${fmt.ms(Math.min(...help))}, max ${fmt.ms(Math.max(...help))}) → the CLI's own imports cost ${fmt.ms(overhead)}.`,
      `- the same through the tsx fallback (\`REVIEW_JUDGE_TSX=1\`, sources compiled at start): median ${fmt.ms(mt)} (min ${fmt.ms(Math.min(...tsxHelp))}, max ${fmt.ms(Math.max(...tsxHelp))}) → ${fmt.ms(mt - mb)} above bare node, ${fmt.ms(mt - mh)} more than dist/.`,
    ],
    misses,
  };
}

/** The median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

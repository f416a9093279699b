/**
 * CLI cold start: `review-judge --help` against bare `node -e 0`, interleaved in the same run, median
 * of N each. A third command (tsx's loader registered, nothing imported) splits the overhead into
 * "TypeScript loader" and "the CLI's own imports".
 */
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { formatProfile, summarizeProfileDir } from '../profile.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { REPO } from '../options.ts';
import { childEnv, runCli, runNode } from '../spawnCli.ts';

export const TARGET_OVERHEAD_MS = 300;

export async function coldStart(ctx: Ctx): Promise<ScenarioResult> {
  const n = ctx.opts.coldStartRuns;
  const spawn = { cwd: REPO, env: childEnv({}) };
  const tsxOnly = ['--input-type=module', '-e', "import { register } from 'tsx/esm/api'; register();"];
  const bare: number[] = [];
  const loader: number[] = [];
  const help: number[] = [];
  // One unmeasured start of each so the page cache holds node, tsx and the sources.
  await runNode(['-e', '0'], spawn);
  await runNode(tsxOnly, spawn);
  const warm = await runCli(['--help'], spawn);
  if (warm.code !== 0 || !warm.stdout.includes('Usage: review-judge')) throw new Error(`review-judge --help failed (exit ${warm.code}): ${warm.stderr}`);
  for (let i = 0; i < n; i++) {
    bare.push((await runNode(['-e', '0'], spawn)).wallMs);
    loader.push((await runNode(tsxOnly, spawn)).wallMs);
    help.push((await runCli(['--help'], spawn)).wallMs);
  }
  const mb = median(bare);
  const ml = median(loader);
  const mh = median(help);
  const overhead = mh - mb;
  const ok = overhead <= TARGET_OVERHEAD_MS;
  const misses: string[] = [];
  if (!ok) {
    misses.push(`- Of the ${fmt.ms(overhead)} above bare node, registering tsx's loader alone takes ${fmt.ms(ml - mb)}; the CLI's own imports (compiled by tsx on the fly) take ${fmt.ms(mh - ml)}.`);
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
      `- tsx loader only (\`register()\` from tsx/esm/api, nothing else imported): median ${fmt.ms(ml)} → the loader costs ${fmt.ms(ml - mb)}.`,
      `- \`review-judge --help\`: median ${fmt.ms(mh)} (min ${fmt.ms(Math.min(...help))}, max ${fmt.ms(Math.max(...help))}) → the CLI's own imports cost ${fmt.ms(mh - ml)}.`,
    ],
    misses,
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

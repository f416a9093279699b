/**
 * `npm run bench`: the whole CLI pipeline against local fake judge servers. Runs the scenarios,
 * prints a table of figures beside their targets, and appends a dated section to BENCHMARKS.md.
 * See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseOptions, type Scenario } from './options.ts';
import { appendBenchmarks, consoleTable, fmt, machine, markdownSection, type Ctx, type ScenarioResult } from './report.ts';
import { coldStart } from './scenarios/coldStart.ts';
import { efficiency } from './scenarios/efficiency.ts';
import { replay } from './scenarios/replay.ts';
import { requests } from './scenarios/requests.ts';
import { resilience } from './scenarios/resilience.ts';
import { tokens } from './scenarios/tokens.ts';
import { nightlyHeldout } from './scenarios/nightlyHeldout.ts';
import { nightlyCorpus } from './scenarios/nightlyCorpus.ts';
import { nightlyHistory } from './scenarios/nightlyHistory.ts';
import { dispatch } from './scenarios/dispatch.ts';
import { promptfoo } from './scenarios/promptfoo.ts';
import { memory } from './scenarios/memory.ts';
import { billedInput } from './scenarios/billedInput.ts';

const RUNNERS: Record<Scenario, (ctx: Ctx) => Promise<ScenarioResult>> = {
  'cold-start': coldStart,
  efficiency,
  requests,
  tokens,
  replay,
  resilience,
  'nightly-heldout': nightlyHeldout,
  'nightly-corpus': nightlyCorpus,
  'nightly-history': nightlyHistory,
  dispatch,
  promptfoo,
  memory,
  'billed-input': billedInput,
};

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2), process.env);
  const m = machine();
  const started = performance.now();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'rj-bench-'));
  const log = (message: string) => process.stderr.write(`[${fmt.ms(performance.now() - started).padStart(7)}] ${message}\n`);
  log(`review-judge bench${opts.quick ? ' (quick)' : ''}: ${m.cpu}, ${m.cores} cores, Node ${m.node}, commit ${m.commit}; temp ${tmp}`);
  const results: ScenarioResult[] = [];
  let failed = false;
  try {
    for (const name of opts.only) {
      log(`— ${name}`);
      const quiet = () => waitForQuiet(opts.maxLoad, opts.maxWaitS, log);
      const waited = await quiet();
      const load = os.loadavg()[0]!;
      try {
        const r = await RUNNERS[name]({ opts, tmp, log, quiet });
        r.details.unshift(`- 1-minute load average when the scenario started: ${load.toFixed(2)} on ${os.cpus().length} cores${waited ? ` (after waiting ${fmt.ms(waited)} for it to fall to ${opts.maxLoad})` : ''}.`);
        results.push(r);
      } catch (e) {
        failed = true;
        const message = e instanceof Error ? e.message : String(e);
        log(`${name} failed: ${message}`);
        results.push({ name, rows: [{ figure: 'scenario', measured: 'FAILED', target: '', ok: false }], details: ['```', message.slice(0, 4000), '```'], misses: [] });
      }
    }
  } finally {
    if (opts.keep) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  const elapsed = performance.now() - started;
  console.log('\n' + consoleTable(results));
  console.log(`\n${results.flatMap((r) => r.rows).filter((r) => r.ok === false).length} target(s) missed; bench took ${fmt.ms(elapsed)}.`);
  const section = markdownSection(m, opts, results, elapsed);
  if (opts.write) {
    console.log(`appended a section to ${appendBenchmarks(section)}`);
  } else {
    console.log(`\nBENCHMARKS.md not written (--quick or --no-write; pass --write to append). The section would read:\n\n${section}`);
  }
  return failed ? 1 : 0;
}

/** Waits until the 1-minute load average is at most maxLoad (0: no wait), at most maxWaitS seconds; returns ms waited. */
async function waitForQuiet(maxLoad: number, maxWaitS: number, log: (m: string) => void): Promise<number> {
  if (!maxLoad || os.loadavg()[0]! <= maxLoad) return 0;
  const t0 = performance.now();
  log(`waiting for the load average (${os.loadavg()[0]!.toFixed(2)}) to fall to ${maxLoad} (at most ${maxWaitS} s)`);
  while (os.loadavg()[0]! > maxLoad && performance.now() - t0 < maxWaitS * 1000) await sleep(5000);
  if (os.loadavg()[0]! > maxLoad) log(`still ${os.loadavg()[0]!.toFixed(2)} after ${maxWaitS} s; running anyway`);
  return performance.now() - t0;
}

process.exitCode = await main();

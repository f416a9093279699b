/**
 * `npm run bench`: the whole CLI pipeline against local fake judge servers. Runs the scenarios,
 * prints a table of figures beside their targets, and appends a dated section to BENCHMARKS.md.
 * See bench/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseOptions, type Scenario } from './options.ts';
import { appendBenchmarks, consoleTable, fmt, machine, markdownSection, type Ctx, type ScenarioResult } from './report.ts';
import { coldStart } from './scenarios/coldStart.ts';
import { efficiency } from './scenarios/efficiency.ts';
import { replay } from './scenarios/replay.ts';
import { requests } from './scenarios/requests.ts';
import { resilience } from './scenarios/resilience.ts';
import { tokens } from './scenarios/tokens.ts';

const RUNNERS: Record<Scenario, (ctx: Ctx) => Promise<ScenarioResult>> = {
  'cold-start': coldStart,
  efficiency,
  requests,
  tokens,
  replay,
  resilience,
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
      try {
        results.push(await RUNNERS[name]({ opts, tmp, log }));
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

process.exitCode = await main();

/**
 * Concurrency efficiency: ideal time (calls × latency / concurrency) ÷ measured wall time of the
 * whole `review-judge score` process, against a fake judge with fixed latency and no limits.
 * The judge (openai-compatible: no `n`) splits the first two votes of every unit, so early stopping
 * asks exactly 3 calls per unit and the call count is known in advance.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SPLIT, startBackend } from '../fakeBackend.ts';
import { KEY_PROBLEMS, writeSyntheticRound } from '../fixtures.ts';
import { listenerCost } from '../listenerCost.ts';
import { fileWriteCost, formatImportCosts, importCosts } from '../probes.ts';
import { formatProfile, summarizeProfileDir } from '../profile.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli } from '../spawnCli.ts';

export const TARGET_EFFICIENCY = 0.95;

export async function efficiency(ctx: Ctx): Promise<ScenarioResult> {
  const { latencyMs, concurrency } = ctx.opts;
  const reviews = Math.max(1, Math.ceil(ctx.opts.calls / (KEY_PROBLEMS * 3)));
  const planned = reviews * KEY_PROBLEMS * 3;
  const dir = path.join(ctx.tmp, 'efficiency');
  mkdirSync(dir, { recursive: true });
  const round = writeSyntheticRound(dir, reviews);
  const backend = await startBackend({ latencyMs, pattern: SPLIT });
  try {
    ctx.log(`efficiency: ${reviews} reviews × ${KEY_PROBLEMS} problems × 3 votes = ${planned} calls at ${latencyMs} ms, concurrency ${concurrency} (ideal ${fmt.ms((planned * latencyMs) / concurrency)})`);
    const args = ['score', round, '--round', '6', '--judge', 'openai-compatible:bench-judge', '--base-url', `${backend.url}/v1`, '--votes', '3', '--no-audit', '--concurrency', String(concurrency), '--runs-dir', 'runs'];
    const run = await runCli(args, { cwd: dir, env: childEnv({}), measure: true });
    expectExit(run, 'efficiency run');
    const s = backend.stats;
    const calls = s.answered;
    const ideal = (calls * latencyMs) / concurrency;
    const eff = ideal / run.wallMs;
    const window = (s.lastDone ?? run.exitedAt) - (s.firstArrival ?? run.spawnedAt);
    const startup = (s.firstArrival ?? run.spawnedAt) - run.spawnedAt;
    const tail = run.exitedAt - (s.lastDone ?? run.exitedAt);
    const meanInFlight = s.busyMs / window;
    const ok = eff >= TARGET_EFFICIENCY;
    const cpuMs = run.cpuUserS === null || run.cpuSysS === null ? null : (run.cpuUserS + run.cpuSysS) * 1000;
    const misses: string[] = [];
    if (!ok) {
      const lost = run.wallMs - ideal;
      misses.push(
        `- Wall ${fmt.ms(run.wallMs)} against an ideal ${fmt.ms(ideal)}: ${fmt.ms(lost)} lost. Of it, ${fmt.ms(startup)} passed between spawn and the first request ` +
          `(process start, imports, reading and planning ${reviews * KEY_PROBLEMS} units), ${fmt.ms(window - ideal)} inside the request window ` +
          `(mean ${meanInFlight.toFixed(1)} of ${concurrency} slots busy), and ${fmt.ms(tail)} after the last answer (votes, verdicts, manifest, reports).`,
      );
      if (window > 0 && ideal / window >= TARGET_EFFICIENCY) misses.push(`- Inside the request window alone the efficiency is ${(ideal / window).toFixed(3)}: the engine keeps the slots full; the loss is the fixed cost before the first and after the last request, which shrinks relative to longer runs.`);
      if (cpuMs !== null) {
        misses.push(
          `- The CLI used ${fmt.ms(cpuMs)} of CPU for ${fmt.int(calls)} calls (${(cpuMs / calls).toFixed(2)} ms per call, ${fmt.pct(cpuMs / run.wallMs)} of one core over the run) on a ${os.cpus().length}-core machine it shares with the fake server` +
            ` (load average ${os.loadavg()[0]!.toFixed(2)} now): answers wait for the event loop, and a slot stays empty until its answer is handled.`,
        );
      }
      let profile: ReturnType<typeof summarizeProfileDir> = [];
      if (ctx.opts.profile) {
        ctx.log('efficiency: profiling the run (node --cpu-prof)');
        const prof = mkdtempSync(path.join(ctx.tmp, 'prof-eff-'));
        backend.reset();
        // A fresh runs folder: with the first run's cache every vote would be a hit.
        const again = await runCli([...args.slice(0, -1), 'runs-prof'], { cwd: dir, env: childEnv({}), nodeArgs: ['--cpu-prof', '--cpu-prof-dir', prof] });
        expectExit(again, 'efficiency run under --cpu-prof');
        profile = summarizeProfileDir(prof, 40).filter((t) => t.thread === 'main thread');
      }
      const scans = profile[0]?.summary.selfTop.find((h) => h.name.startsWith('addEventListener node:internal/event_target'));
      if (scans && scans.share >= 0.01) {
        const few = listenerCost(calls);
        const many = listenerCost(calls * 10);
        misses.push(
          `- \`addEventListener\` has ${fmt.ms(scans.ms)} of self time (${fmt.pct(scans.share)}) in the profiled run. The SDK adds an 'abort' listener to the signal it is given on every request (openai \`fetchWithTimeout\`) and removes it only if the signal fires; ` +
            `when every request gets the CLI's one process-wide signal, the listeners pile up, and Node scans the existing ones on each add. ` +
            `In isolation, adding ${fmt.int(calls)} such listeners to one signal takes ${fmt.ms(few)} and ${fmt.int(calls * 10)} take ${fmt.ms(many)} (${(many / few).toFixed(0)}× for 10× the listeners; linear would be 10×, quadratic 100×), and each keeps its request's AbortController alive.`,
        );
      }
      ctx.log('efficiency: probing import costs and file-write cost');
      const imports = await importCosts(['openai', '@anthropic-ai/sdk', 'zod', 'pino', 'p-limit', 'commander']);
      misses.push(`- Start-up: importing each dependency on its own costs above bare node (median of 3 starts): ${formatImportCosts(imports)}.`);
      const fw = await fileWriteCost(ctx.tmp, calls, 3000, concurrency);
      misses.push(
        `- One cache file per vote: creating ${fmt.int(calls)} 3 kB files the way \`DiskCache.put\` does (mkdir, open 'wx', write, close, rename; ${concurrency} in flight) takes ${fmt.ms(fw.wallMs)} here and ` +
          `${fmt.ms(fw.userMs)} user + ${fmt.ms(fw.sysMs)} system CPU (${((fw.userMs + fw.sysMs) / calls).toFixed(2)} ms per file): CPU the libuv threads take from the same ${os.cpus().length} cores.`,
      );
      if (profile.length) misses.push(...formatProfile(profile, 'the efficiency run (where the CLI spends its CPU)'));
    }
    return {
      name: 'efficiency',
      rows: [
        { figure: `efficiency (${fmt.int(calls)} calls × ${latencyMs} ms / ${concurrency}) ÷ process wall`, measured: `${eff.toFixed(3)} (${fmt.ms(ideal)} / ${fmt.ms(run.wallMs)})`, target: `≥ ${TARGET_EFFICIENCY}`, ok },
        { figure: 'efficiency within the request window (first request → last answer)', measured: `${(ideal / window).toFixed(3)} (${fmt.ms(window)})`, target: '', ok: null },
      ],
      details: [
        `- Spawned \`node bin/review-judge.js score\` (a child process: the fake server runs in the benchmark process, so the CLI has its own event loop and core, as against a real API).`,
        `- Synthetic round: bundled key (10 problems), ${reviews} small reviews (~1.5 kB), \`--judge openai-compatible:bench-judge --votes 3 --no-audit --concurrency ${concurrency}\`; the fake judge answers after ${latencyMs} ms and makes the first two votes of every unit disagree, so early stopping asks 3 calls per unit.`,
        `- Calls made: ${fmt.int(calls)} (planned ${fmt.int(planned)}; HTTP requests ${fmt.int(s.requests)}). Exit ${run.code}.`,
        `- Timeline: spawn → first request ${fmt.ms(startup)}; request window ${fmt.ms(window)}; last answer → exit ${fmt.ms(tail)}. Mean requests in flight ${meanInFlight.toFixed(1)}, peak ${s.peakInFlight}.`,
        `- CLI process: peak RSS ${fmt.mb(run.peakRssMb)}, CPU ${run.cpuUserS ?? 'n/a'} s user + ${run.cpuSysS ?? 'n/a'} s system${cpuMs === null ? '' : ` (${(cpuMs / calls).toFixed(2)} ms per call)`}.`,
      ],
      misses,
    };
  } finally {
    await backend.close();
  }
}

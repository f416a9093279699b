/**
 * A timed `review-judge score <root> --all-rounds` (the nightly) against a running fake backend:
 * process wall time, the request timeline, how full the concurrency slots were over the request
 * window (sampled), and efficiency = (Σ latency the fake imposed) / concurrency ÷ process wall.
 */
import type { Backend } from './fakeBackend.ts';
import { fmt } from './report.ts';
import { childEnv, expectExit, runCli, type CliRun } from './spawnCli.ts';

export interface NightlyRun {
  run: CliRun;
  requests: number;
  answered: number;
  latencySumMs: number;
  /** (Σ latency) / concurrency: the wall time of a run that kept every slot busy and cost nothing else. */
  idealMs: number;
  efficiency: number;
  startupMs: number;
  windowMs: number;
  tailMs: number;
  meanInFlight: number;
  peakInFlight: number;
  /** Share of the request window (sampled every 10 ms) with fewer than `concurrency` requests in flight, and with fewer than half. */
  underFull: number;
  underHalf: number;
  /** Share of the request window with no request in flight at all. */
  idle: number;
  /** Stretches of ≥ 50 ms with nothing in flight inside the window, and their total length. */
  gaps: number;
  gapMs: number;
  /** The CLI's closing line, "N rounds scored: ...", and N. */
  summary: string | null;
  rounds: number | null;
}

export interface NightlyOptions {
  cwd: string;
  root: string;
  backend: Backend;
  concurrency: number;
  /** `--judge` (default openai:gpt-4.1-mini: one request per unit with `n`). */
  judge?: string;
  extraArgs?: string[];
  runsDir?: string;
  /** Exit codes accepted (default 0 and 1: unscored units still leave a timing). */
  codes?: number[];
  /** Node flags for the CLI process (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}

/** The nightly's arguments (without the judge's environment). */
export function nightlyArgs(o: Pick<NightlyOptions, 'root' | 'concurrency' | 'judge' | 'extraArgs' | 'runsDir'>): string[] {
  return ['score', o.root, '--all-rounds', '--judge', o.judge ?? 'openai:gpt-4.1-mini', '--votes', '3', '--concurrency', String(o.concurrency), '--runs-dir', o.runsDir ?? 'runs', ...(o.extraArgs ?? [])];
}

/** The judge's environment for the OpenAI fake: a placeholder key and the fake's URL. */
export function openAIEnv(backend: Backend): Record<string, string> {
  return childEnv({ OPENAI_API_KEY: 'sk-bench-not-a-real-ke', OPENAI_BASE_URL: `${backend.url}/v1` });
}

export async function timedNightly(o: NightlyOptions): Promise<NightlyRun> {
  o.backend.reset();
  const s = o.backend.stats;
  let samples = 0;
  let underFull = 0;
  let underHalf = 0;
  let idle = 0;
  let run0 = 0; // consecutive idle samples
  let gaps = 0;
  let gapSamples = 0;
  const closeGap = () => {
    if (run0 >= 5) (gaps++, (gapSamples += run0));
    run0 = 0;
  };
  const sampler = setInterval(() => {
    if (s.firstArrival === null) return;
    samples++;
    if (s.inFlight < o.concurrency) underFull++;
    if (s.inFlight < o.concurrency / 2) underHalf++;
    if (s.inFlight === 0 && s.lastDone !== null) idle++, run0++;
    else closeGap();
  }, 10);
  let run: CliRun;
  try {
    run = await runCli(nightlyArgs(o), { cwd: o.cwd, env: openAIEnv(o.backend), measure: true, ...(o.nodeArgs ? { nodeArgs: o.nodeArgs } : {}) });
  } finally {
    clearInterval(sampler);
  }
  run0 = 0; // the stretch after the last answer is not a gap inside the window
  expectExit(run, 'nightly run', o.codes ?? [0, 1]);
  const first = s.firstArrival ?? run.spawnedAt;
  const last = s.lastDone ?? run.exitedAt;
  const windowMs = Math.max(1, last - first);
  const idealMs = s.latencySumMs / o.concurrency;
  return {
    run,
    requests: s.requests,
    answered: s.answered,
    latencySumMs: s.latencySumMs,
    idealMs,
    efficiency: idealMs / run.wallMs,
    startupMs: first - run.spawnedAt,
    windowMs,
    tailMs: run.exitedAt - last,
    meanInFlight: s.busyMs / windowMs,
    peakInFlight: s.peakInFlight,
    underFull: samples ? underFull / samples : 0,
    underHalf: samples ? underHalf / samples : 0,
    idle: samples ? idle / samples : 0,
    gaps,
    gapMs: gapSamples * 10,
    summary: /^\d+ rounds scored: .*$/m.exec(run.stderr)?.[0] ?? null,
    rounds: Number(/^(\d+) rounds scored: /m.exec(run.stderr)?.[1] ?? NaN) || null,
  };
}

/** Detail lines of a timed nightly. */
export function nightlyDetails(n: NightlyRun, concurrency: number): string[] {
  const cpu = n.run.cpuUserS === null ? 'n/a' : `${n.run.cpuUserS} s user + ${n.run.cpuSysS} s system`;
  return [
    `- Requests: ${fmt.int(n.requests)} (${fmt.int(n.answered)} answered), Σ latency ${fmt.ms(n.latencySumMs)} → ideal ${fmt.ms(n.idealMs)} at concurrency ${concurrency}; process wall ${fmt.ms(n.run.wallMs)}. Exit ${n.run.code}${n.summary ? ` (${n.summary})` : ''}.`,
    `- Timeline: spawn → first request ${fmt.ms(n.startupMs)}; request window ${fmt.ms(n.windowMs)} (efficiency inside it ${(n.idealMs / n.windowMs).toFixed(3)}); last answer → exit ${fmt.ms(n.tailMs)}. Mean requests in flight ${n.meanInFlight.toFixed(1)} of ${concurrency}, peak ${n.peakInFlight}.`,
    `- CLI process: peak RSS ${fmt.mb(n.run.peakRssMb)}, CPU ${cpu}.`,
  ];
}

/** The miss explanation of a nightly below its efficiency target. */
export function nightlyMiss(n: NightlyRun, concurrency: number, target: number): string[] {
  const lost = n.run.wallMs - n.idealMs;
  const out = [
    `- Efficiency ${n.efficiency.toFixed(3)} < ${target}: wall ${fmt.ms(n.run.wallMs)} against an ideal ${fmt.ms(n.idealMs)}, ${fmt.ms(lost)} lost: ${fmt.ms(n.startupMs)} before the first request, ` +
      `${fmt.ms(n.windowMs - n.idealMs)} inside the request window, ${fmt.ms(n.tailMs)} after the last answer.`,
    `- Inside the request window (sampled every 10 ms) fewer than ${concurrency} requests were in flight ${fmt.pct(n.underFull)} of the time, fewer than ${concurrency / 2} ${fmt.pct(n.underHalf)}, and none at all ${fmt.pct(n.idle)} (mean ${n.meanInFlight.toFixed(1)} of ${concurrency}).` +
      ` ${n.gaps} stretches of ≥ 50 ms with nothing in flight, ${fmt.ms(n.gapMs)} in all${n.rounds ? `, for ${n.rounds} rounds` : ''}.` +
      (n.underHalf > 0.2 ? ' Today the CLI scores the rounds one after another: a round\'s last requests finish with the other slots empty, and the next round sends nothing until the previous one\'s reports are written.' : ''),
  ];
  return out;
}

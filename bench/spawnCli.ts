/**
 * Runs the real bin (`node bin/review-judge.js`) as a child process: what a user runs, with its own
 * event loop, heap and core, so the fake server in this process neither steals its CPU nor shows
 * up in its RSS. Peak RSS comes from GNU time (`/usr/bin/time -v`), else from polling VmHWM.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO } from './options.ts';

export const BIN = path.join(REPO, 'bin', 'review-judge.js');
const GNU_TIME = '/usr/bin/time';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** performance.now() at spawn and at exit (same clock as the fake server's stats). */
  spawnedAt: number;
  exitedAt: number;
  wallMs: number;
  /** Peak resident set size in MiB, when measured. */
  peakRssMb: number | null;
  /** CPU seconds of the child (GNU time only). */
  cpuUserS: number | null;
  cpuSysS: number | null;
}

export interface SpawnOptions {
  cwd: string;
  env: Record<string, string>;
  /** Measure peak RSS and CPU time. */
  measure?: boolean;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/** The environment a child gets: PATH and HOME only, plus what the run sets (never the caller's API keys). */
export function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LANG: 'C.UTF-8' };
  return { ...env, ...extra };
}

/** `review-judge <args>` in `cwd`. */
export function runCli(args: string[], opts: SpawnOptions): Promise<CliRun> {
  return runNode([...(opts.nodeArgs ?? []), BIN, ...args], opts);
}

/** `node <args>` with the same measurement. */
export function runNode(nodeArgs: string[], opts: SpawnOptions): Promise<CliRun> {
  const useTime = Boolean(opts.measure) && existsSync(GNU_TIME);
  const timeFile = path.join(opts.cwd, `.time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
  const [cmd, args] = useTime ? [GNU_TIME, ['-v', '-o', timeFile, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let hwmKb = 0;
    const poll =
      opts.measure && !useTime
        ? setInterval(() => {
            try {
              const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
            } catch {
              // exited between polls
            }
          }, 10)
        : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const exitedAt = performance.now();
      if (poll) clearInterval(poll);
      let peakRssMb: number | null = hwmKb ? hwmKb / 1024 : null;
      let cpuUserS: number | null = null;
      let cpuSysS: number | null = null;
      if (useTime && existsSync(timeFile)) {
        const t = readFileSync(timeFile, 'utf8');
        rmSync(timeFile, { force: true });
        const num = (re: RegExp) => {
          const m = re.exec(t);
          return m ? Number(m[1]) : null;
        };
        const kb = num(/Maximum resident set size \(kbytes\): (\d+)/);
        peakRssMb = kb === null ? null : kb / 1024;
        cpuUserS = num(/User time \(seconds\): ([\d.]+)/);
        cpuSysS = num(/System time \(seconds\): ([\d.]+)/);
      }
      resolve({
        code: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        spawnedAt,
        exitedAt,
        wallMs: exitedAt - spawnedAt,
        peakRssMb,
        cpuUserS,
        cpuSysS,
      });
    });
  });
}

/** The run folder a `score` printed ("...; reports in <dir>"). */
export function runDirOf(run: CliRun): string {
  const m = /reports in (.+)$/m.exec(run.stderr);
  if (!m) throw new Error(`no run folder in the CLI's output (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  return m[1]!.trim();
}

/** Throws with the CLI's stderr when it did not exit with one of `codes`. */
export function expectExit(run: CliRun, what: string, codes: number[] = [0]): void {
  if (!codes.includes(run.code)) throw new Error(`${what}: review-judge exited ${run.code}, expected ${codes.join(' or ')}\n${run.stderr.slice(-3000)}`);
}

/** Result rows, the console table, and the dated BENCHMARKS.md section. */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions, Scenario } from './options.ts';
import { REPO } from './options.ts';

/** One figure beside its target; ok is null for figures without a target. */
export interface Row {
  figure: string;
  measured: string;
  target: string;
  ok: boolean | null;
}

export interface ScenarioResult {
  name: Scenario;
  rows: Row[];
  /** Settings and secondary measurements (markdown bullet lines). */
  details: string[];
  /** For each missed target: what was measured about why (markdown lines). */
  misses: string[];
}

/** What the scenarios share. */
export interface Ctx {
  opts: BenchOptions;
  tmp: string;
  log: (message: string) => void;
  /** Waits for the machine to be quiet (--max-load) before a timed step; returns ms waited. */
  quiet: () => Promise<number>;
}

export interface Machine {
  date: Date;
  commit: string;
  /** Files with uncommitted changes when the run started (what was measured is the working tree). */
  changed: string[];
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  load: number[];
}

export function machine(): Machine {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', ['--no-optional-locks', ...args], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).replace(/\s+$/, '');
    } catch {
      return '';
    }
  };
  const commit = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const changed = git('status', '--porcelain', '--untracked-files=no')
    .split('\n')
    .map((l) => l.slice(3).trim())
    // The benchmark's own files do not change what is measured.
    .filter((f) => f && !f.startsWith('bench/') && f !== 'BENCHMARKS.md');
  return {
    date: new Date(),
    commit: changed.length ? `${commit} (+ uncommitted changes)` : commit,
    changed,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    load: os.loadavg(),
  };
}

export const fmt = {
  ms: (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`),
  pct: (x: number) => `${(x * 100).toFixed(1)}%`,
  mb: (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)} MB`),
  int: (x: number) => x.toLocaleString('en-US'),
};

function status(ok: boolean | null): string {
  return ok === null ? '' : ok ? 'ok' : 'MISSED';
}

/** Plain-text table for the terminal. */
export function consoleTable(results: ScenarioResult[]): string {
  const rows = results.flatMap((r) => r.rows.map((row) => [r.name, row.figure, row.measured, row.target, status(row.ok)]));
  const head = ['scenario', 'figure', 'measured', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The dated section appended to BENCHMARKS.md. */
export function markdownSection(m: Machine, opts: BenchOptions, results: ScenarioResult[], elapsedMs: number): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out: string[] = [];
  out.push(`## ${m.date.toISOString().replace(/\.\d+Z$/, 'Z')} — commit ${m.commit}${opts.quick ? ' (quick)' : ''}`, '');
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb.toFixed(1)} GB RAM, Node ${m.node}, ${os.platform()} ${os.release()}; ` +
      `load average (1/5/15 min) ${m.load.map((x) => x.toFixed(2)).join(' / ')} at the start, ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')} at the end. \`npm run bench${opts.quick ? ' -- --quick' : ''}\` took ${fmt.ms(elapsedMs)}.`,
    '',
  );
  if (m.changed.length) out.push(`Measured the working tree, which had uncommitted changes in ${m.changed.slice(0, 12).map((f) => `\`${f}\``).join(', ')}${m.changed.length > 12 ? ` and ${m.changed.length - 12} more` : ''}.`, '');
  out.push('| scenario | figure | measured | target | |', '|---|---|---|---|---|');
  for (const r of results) for (const row of r.rows) out.push(`| ${r.name} | ${esc(row.figure)} | ${esc(row.measured)} | ${esc(row.target)} | ${status(row.ok)} |`);
  out.push('');
  for (const r of results) {
    if (!r.details.length && !r.misses.length) continue;
    out.push(`### ${r.name}`, '', ...r.details);
    if (r.misses.length) out.push('', '**Missed target — measured cause:**', '', ...r.misses);
    out.push('');
  }
  return out.join('\n') + '\n';
}

const HEADER = `# Benchmarks

Sections are appended by \`npm run bench\` (see bench/README.md for what each figure means and how
it is measured). Newest last. Figures from a shared or loaded machine are noisy: compare like with like.

`;

/** Appends the section, creating the file with its header the first time. */
export function appendBenchmarks(section: string): string {
  const file = path.join(REPO, 'BENCHMARKS.md');
  if (!existsSync(file)) writeFileSync(file, HEADER);
  appendFileSync(file, section + '\n');
  return file;
}

/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and names where the time went: self time per
 * function, self time per module/package, and inclusive time of the project's own functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './options.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Hot {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Functions by self time. */
  selfTop: Hot[];
  /** Modules (project file, package, node internals, GC) by self time. */
  modules: Hot[];
  /** The project's own functions (src/) by inclusive time. */
  srcInclusive: Hot[];
  /** Every sample charged to the innermost project function on its stack (library and native time included). */
  bySrcCaller: Hot[];
}

/**
 * Summarises the profiles in `dir`: one per thread. Node 20 runs module loader hooks (tsx's
 * TypeScript compilation) on a separate thread, which gets its own profile.
 */
export function summarizeProfileDir(dir: string, top = 12): Array<{ thread: string; summary: ProfileSummary }> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  if (!files.length) throw new Error(`no .cpuprofile in ${dir}`);
  return files
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CpuProfile)
    .map((p) => ({
      thread: p.nodes.some((n) => n.callFrame.url.startsWith('node:internal/modules/esm/worker')) ? 'module-loader thread (tsx compiles the sources here)' : 'main thread',
      summary: summarizeProfile(p, top),
    }))
    .sort((a, b) => (a.thread === 'main thread' ? -1 : 1) - (b.thread === 'main thread' ? -1 : 1));
}

export function summarizeProfile(p: CpuProfile, top = 12): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const modules = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const bySrcCaller = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    // timeDeltas[i] is the gap before sample i: attribute it to the sample (V8's own convention).
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(p.samples[i]!);
    if (!node) continue;
    add(self, frameName(node), dt);
    add(modules, moduleOf(node.callFrame.url, node.callFrame.functionName), dt);
    const seen = new Set<string>();
    let innermost: string | null = null;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (!isSrc(n.callFrame.url)) continue;
      const name = frameName(n);
      innermost ??= name;
      if (seen.has(name)) continue;
      seen.add(name);
      add(inclusive, name, dt);
    }
    const f = node.callFrame.functionName;
    add(bySrcCaller, innermost ?? (f === '(idle)' || f === '(garbage collector)' || f === '(program)' ? f : '(no project frame: module loading, timers, I/O callbacks)'), dt);
  }
  const rank = (m: Map<string, number>): Hot[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: total ? ms / total : 0 }));
  return { totalMs: total, selfTop: rank(self), modules: rank(modules), srcInclusive: rank(inclusive), bySrcCaller: rank(bySrcCaller) };
}

function add(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

function isSrc(url: string): boolean {
  return url.includes(`${REPO}/src/`);
}

function shortUrl(url: string): string {
  const u = url.replace(/^file:\/\//, '');
  if (u.startsWith(`${REPO}/node_modules/`)) return u.slice(REPO.length + '/node_modules/'.length);
  if (u.startsWith(`${REPO}/`)) return u.slice(REPO.length + 1);
  return u;
}

function frameName(n: ProfileNode): string {
  const f = n.callFrame;
  const fn = f.functionName || '(anonymous)';
  if (!f.url) return fn; // (garbage collector), (program), (idle), native builtins
  // tsx-compiled sources report line 0 for everything: the name and file say more than a line would.
  return f.lineNumber > 0 ? `${fn} ${shortUrl(f.url)}:${f.lineNumber + 1}` : `${fn} ${shortUrl(f.url)}`;
}

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `(native) ${fn}`;
  const u = shortUrl(url);
  if (u.startsWith('node:')) return 'node internals';
  if (u.startsWith('src/') || u.startsWith('bin/')) return u;
  const pkg = u.startsWith('@') ? u.split('/').slice(0, 2).join('/') : u.split('/')[0]!;
  return url.includes('/node_modules/') ? `${pkg} (package)` : u;
}

/** Markdown lines for the threads of one profiled run. */
export function formatProfile(threads: Array<{ thread: string; summary: ProfileSummary }>, label: string, top = 10): string[] {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const list = (hs: Hot[]) => hs.slice(0, top).map((h) => `    - \`${h.name}\` ${h.ms.toFixed(0)} ms (${pct(h.share)})`);
  const out: string[] = [];
  for (const { thread, summary: s } of threads) {
    out.push(`- CPU profile of ${label}, ${thread} (node --cpu-prof, ${s.totalMs.toFixed(0)} ms sampled):`);
    out.push('  - self time by module:', ...list(s.modules));
    out.push('  - self time by function:', ...list(s.selfTop));
    if (s.srcInclusive.length) {
      out.push('  - inclusive time of src/ functions:', ...list(s.srcInclusive));
      out.push('  - all time charged to the innermost src/ function on the stack:', ...list(s.bySrcCaller));
    }
  }
  return out;
}

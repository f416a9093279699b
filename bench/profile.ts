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
  /** Every sample charged to one activity (cache read/write, SDK, HTTP, logging, …) by what is on its stack. */
  byActivity: Hot[];
  /** The heaviest call chain under each of the top self-time functions (idle and GC excluded). */
  hotStacks: Array<{ name: string; ms: number; stack: string[] }>;
}

/**
 * Activities, most specific first: a sample goes to the first rule that matches any frame of its
 * stack (so a zod parse inside DiskCache.get is "cache read"). Async continuations keep only the
 * frames since the last await, which is why "other" exists.
 */
const ACTIVITIES: Array<[string, (fn: string, url: string) => boolean]> = [
  ['cache write (DiskCache.put*: serialize, validate, mkdir, write, rename)', (fn, url) => url.endsWith('/src/cache/DiskCache.ts') && fn.startsWith('put')],
  ['cache read (DiskCache.get*: read, JSON.parse, zod)', (fn, url) => url.endsWith('/src/cache/DiskCache.ts') && fn.startsWith('get')],
  ['cache key (cacheKey.ts: canonicalJson + sha256)', (_fn, url) => url.endsWith('/src/cache/cacheKey.ts')],
  ['quote check (src/judge/evidence.ts)', (_fn, url) => url.endsWith('/src/judge/evidence.ts')],
  ['run folder writes (src/run/RunFolder.ts)', (_fn, url) => url.endsWith('/src/run/RunFolder.ts')],
  ['reports (src/report, src/score)', (_fn, url) => url.includes('/src/report/') || url.includes('/src/score/')],
  ['logging (pino)', (_fn, url) => /\/node_modules\/(pino|sonic-boom|thread-stream|pino-std-serializers)\//.test(url)],
  ['openai SDK', (_fn, url) => url.includes('/node_modules/openai/')],
  ['anthropic SDK', (_fn, url) => url.includes('/node_modules/@anthropic-ai/')],
  ['HTTP client (undici fetch, sockets)', (_fn, url) => url.includes('undici') || url.startsWith('node:net') || url.startsWith('node:_http') || url.startsWith('node:internal/webstreams')],
  ['module loading (ESM loader, tsx)', (_fn, url) => url.startsWith('node:internal/modules/') || url.includes('/node_modules/tsx/') || url.includes('/node_modules/esbuild/')],
  ['zod validation (outside the cache)', (_fn, url) => url.includes('/node_modules/zod/')],
];

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
  const byActivity = new Map<string, number>();
  const selfStacks = new Map<string, Map<string, number>>();
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
    const frames: ProfileNode[] = [];
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      frames.push(n);
      if (!isSrc(n.callFrame.url)) continue;
      const name = frameName(n);
      if (seen.has(name)) continue;
      seen.add(name);
      add(inclusive, name, dt);
    }
    add(byActivity, activityOf(frames), dt);
    const top = frameName(node);
    const chain = frames.slice(0, 8).map(frameName).join(' ← ');
    const m = selfStacks.get(top) ?? selfStacks.set(top, new Map()).get(top)!;
    add(m, chain, dt);
  }
  const rank = (m: Map<string, number>): Hot[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: total ? ms / total : 0 }));
  const hotStacks = rank(self)
    .filter((h) => !h.name.startsWith('('))
    .slice(0, 5)
    .map((h) => {
      const [stack, ms] = [...selfStacks.get(h.name)!].sort((a, b) => b[1] - a[1])[0]!;
      return { name: h.name, ms, stack: stack.split(' ← ') };
    });
  return { totalMs: total, selfTop: rank(self), modules: rank(modules), srcInclusive: rank(inclusive), byActivity: rank(byActivity), hotStacks };
}

function activityOf(frames: ProfileNode[]): string {
  const f = frames[0]?.callFrame.functionName ?? '';
  if (f === '(idle)' || f === '(garbage collector)' || f === '(program)') return f;
  for (const [name, match] of ACTIVITIES) if (frames.some((n) => match(n.callFrame.functionName, n.callFrame.url))) return name;
  const src = frames.find((n) => isSrc(n.callFrame.url));
  return src ? `other project code (${shortUrl(src.callFrame.url)})` : 'other (node internals with no project frame: I/O callbacks, timers, microtasks)';
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
    if (thread === 'main thread') out.push('  - time by activity (what is on the stack):', ...list(s.byActivity));
    out.push('  - self time by module:', ...list(s.modules));
    out.push('  - self time by function:', ...list(s.selfTop));
    if (s.srcInclusive.length) {
      out.push('  - inclusive time of src/ functions:', ...list(s.srcInclusive));
    }
    if (thread === 'main thread' && s.hotStacks.length) {
      out.push('  - heaviest call chain under the top self-time functions:');
      for (const h of s.hotStacks.slice(0, 3)) out.push(`    - ${h.ms.toFixed(0)} ms: ${h.stack.map((x) => `\`${x}\``).join(' ← ')}`);
    }
  }
  return out;
}

import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { Manifest } from '../types/Manifest.ts';
import { readJsonOrNull } from './readRun.ts';
import { RunsIndex, type RunEntry } from './RunsIndex.ts';

/** What `prune` removes and keeps. */
export interface PrunePlan {
  keep: RunEntry[];
  remove: RunEntry[];
  /** Folders of the runs dir that are no readable run (a run being written, a foreign folder): never removed, and while any exists the cache is left alone. */
  unknown: string[];
}

/** The round a run belongs to: series and round, or its answer key when it has no round. */
const roundOf = (e: RunEntry) => (e.round === null ? `key:${e.keySha256}` : `${e.series}\u0000${e.round}`);

/** Pure: per round, the `keep` newest runs stay (at least the latest), the rest go. */
export function planPrune(entries: readonly RunEntry[], keep: number): Pick<PrunePlan, 'keep' | 'remove'> {
  const byRound = new Map<string, RunEntry[]>();
  for (const e of entries) byRound.set(roundOf(e), [...(byRound.get(roundOf(e)) ?? []), e]);
  const out: Pick<PrunePlan, 'keep' | 'remove'> = { keep: [], remove: [] };
  for (const runs of byRound.values()) {
    runs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.runId < b.runId ? 1 : -1));
    out.keep.push(...runs.slice(0, Math.max(1, keep)));
    out.remove.push(...runs.slice(Math.max(1, keep)));
  }
  return out;
}

/** Removes one planned run folder. */
export async function removeRun(e: RunEntry): Promise<void> {
  await rm(e.dir, { recursive: true, force: true });
}

/** Reads the runs folder and plans the prune; an InputError when it is not a folder. */
export async function readPrunePlan(runsDir: string, keep: number): Promise<PrunePlan> {
  if (!(await stat(runsDir).catch(() => null))?.isDirectory()) throw new InputError('not a runs folder (give the --runs-dir that score wrote)', runsDir);
  const index = await RunsIndex.load(runsDir);
  const known = new Set(index.runs.map((e) => path.basename(e.dir)));
  const folders = (await readdir(runsDir, { withFileTypes: true })).filter((d) => d.isDirectory() && d.name !== 'cache').map((d) => d.name);
  return { ...planPrune(index.runs, keep), unknown: folders.filter((n) => !known.has(n)).sort() };
}

/** What a prune removed from the cache. */
export interface CachePrune {
  entries: number;
  bodies: number;
  bytes: number;
}

/**
 * Removes cache entries no kept run refers to, and request bodies no kept entry refers to. Only the
 * kept runs' manifests decide: call it only when every folder of the runs dir is a readable run
 * (a run being written refers to entries no manifest lists yet).
 */
export async function pruneCache(cacheDir: string, kept: readonly RunEntry[], dryRun: boolean): Promise<CachePrune> {
  const keys = new Set<string>();
  for (const e of kept) for (const v of (await readJsonOrNull(path.join(e.dir, 'manifest.json'), Manifest))?.votes ?? []) keys.add(v.cacheKey);
  const bodies = new Set<string>();
  const out: CachePrune = { entries: 0, bodies: 0, bytes: 0 };
  const drop = async (file: string) => {
    out.bytes += (await stat(file).catch(() => ({ size: 0 }))).size;
    if (!dryRun) await rm(file, { force: true });
  };
  for (const sub of await shards(cacheDir)) {
    for (const name of await readdir(path.join(cacheDir, sub)).catch(() => [] as string[])) {
      const m = /^([0-9a-f]{64})\.json$/.exec(name);
      if (!m) continue;
      const file = path.join(cacheDir, sub, name);
      if (keys.has(m[1]!)) {
        const sha = /"bodySha256"\s*:\s*"([0-9a-f]{64})"/.exec(await readFile(file, 'utf8').catch(() => ''))?.[1];
        if (sha) bodies.add(sha);
        continue;
      }
      out.entries++;
      await drop(file);
    }
  }
  const requests = path.join(cacheDir, 'requests');
  for (const sub of await shards(requests)) {
    for (const name of await readdir(path.join(requests, sub)).catch(() => [] as string[])) {
      const m = /^([0-9a-f]{64})\.json$/.exec(name);
      if (!m || bodies.has(m[1]!)) continue;
      out.bodies++;
      await drop(path.join(requests, sub, name));
    }
  }
  return out;
}

async function shards(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((s) => /^[0-9a-f]{2}$/.test(s));
}

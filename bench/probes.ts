/**
 * Small measurements that explain a missed target: what each dependency costs to import at start,
 * and what writing one small file atomically (create, write, rename) costs this machine's CPU.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fmt } from './report.ts';
import { REPO } from './options.ts';
import { childEnv, runNode } from './spawnCli.ts';
import { median } from './scenarios/coldStart.ts';

/** Median start time of `import(<pkg>)` minus that of `node -e 0`, per package. */
export async function importCosts(packages: string[], runs = 3): Promise<Array<{ pkg: string; ms: number }>> {
  const spawn = { cwd: REPO, env: childEnv({}) };
  const bare: number[] = [];
  const each = new Map<string, number[]>(packages.map((p) => [p, []]));
  for (let i = 0; i < runs; i++) {
    bare.push((await runNode(['-e', '0'], spawn)).wallMs);
    for (const p of packages) each.get(p)!.push((await runNode(['--input-type=module', '-e', `await import(${JSON.stringify(p)})`], spawn)).wallMs);
  }
  const base = median(bare);
  return packages.map((pkg) => ({ pkg, ms: median(each.get(pkg)!) - base }));
}

/** Creates n files of `bytes` bytes like DiskCache.put (mkdir, open 'wx', write, close, rename), n in flight at most `concurrency`. */
export async function fileWriteCost(tmp: string, n: number, bytes: number, concurrency = 32): Promise<{ wallMs: number; userMs: number; sysMs: number }> {
  const dir = mkdtempSync(path.join(tmp, 'fsprobe-'));
  const text = 'x'.repeat(bytes);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let next = 0;
  const one = async (i: number) => {
    const sub = path.join(dir, String(i % 256).padStart(2, '0'));
    await mkdir(sub, { recursive: true });
    const temp = path.join(sub, `${i}.${randomUUID()}.tmp`);
    const h = await open(temp, 'wx');
    await h.writeFile(text);
    await h.close();
    await rename(temp, path.join(sub, `${i}.json`));
  };
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await one(next++);
  }));
  const cpu = process.cpuUsage(c0);
  const wallMs = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, userMs: cpu.user / 1000, sysMs: cpu.system / 1000 };
}

export function formatImportCosts(costs: Array<{ pkg: string; ms: number }>): string {
  return costs.map((c) => `\`${c.pkg}\` ${fmt.ms(Math.max(0, c.ms))}`).join(', ');
}

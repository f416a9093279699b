import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The folders that may hold a series (`<perspective>-<target>/`) under a workflow root: the root
 * itself, its subfolders, and those of its `rounds/` — each once, `results/` and `reports/` skipped.
 */
export async function seriesFolders(root: string): Promise<string[]> {
  const candidates = [root, ...(await subdirs(root)), ...(await subdirs(path.join(root, 'rounds')))];
  const seen = new Set<string>();
  return candidates.filter((dir) => {
    const abs = path.resolve(dir);
    return seen.has(abs) ? false : (seen.add(abs), true);
  });
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && e.name !== 'results' && e.name !== 'reports').map((e) => path.join(dir, e.name)).sort();
}

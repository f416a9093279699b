import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunsIndex, type RunSummary } from './RunsIndex.ts';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

const summary = (over: Partial<RunSummary>): RunSummary => ({ runId: 'r', createdAt: '2026-12-01T00:00:00Z', fingerprint: 'f', round: 1, series: 'reliability-design', keySha256: 'k', improvement: 0.5, hasReport: true, ...over });

function write(runs: string, name: string, files: Record<string, unknown>) {
  mkdirSync(path.join(runs, name), { recursive: true });
  for (const [f, v] of Object.entries(files)) writeFileSync(path.join(runs, name, f), typeof v === 'string' ? v : JSON.stringify(v));
}

describe('RunsIndex', () => {
  it('reads run.json when present, else the manifest and report heads; skips what it cannot read', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rj-index-'));
    write(dir, 'a', { 'run.json': summary({ runId: 'a', round: 1, improvement: 1.5 }), 'manifest.json': '{ broken' });
    write(dir, 'b', {
      'manifest.json': { runId: 'b', createdAt: '2026-12-02T00:00:00Z', fingerprint: 'g', round: 2, inputs: { key: { path: 'x/reliability-design/answer-key-round-002.md', sha256: 'k2' } } },
      'report.json': { convergence: { history: [{ round: 2, improvement: 0 }] } },
    });
    write(dir, 'c', { 'manifest.json': '{ also broken' });
    mkdirSync(path.join(dir, 'cache'));
    const index = await RunsIndex.load(dir);
    expect(index.runs.map((r) => r.runId).sort()).toEqual(['a', 'b']);
    expect(index.history('reliability-design', 3)).toEqual([{ round: 1, improvement: 1.5 }, { round: 2, improvement: 0 }]);
    expect(index.history('reliability-design', 2, [{ round: 1, improvement: 9 }])).toEqual([{ round: 1, improvement: 9 }]);
    expect(index.history('security-design', 3)).toEqual([]);
  });

  it('the latest run of a round wins; runs added later count too', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rj-index-'));
    write(dir, 'old', { 'run.json': summary({ runId: 'old', createdAt: '2026-11-01T00:00:00Z', improvement: 1 }) });
    const index = await RunsIndex.load(dir);
    index.add({ dir: path.join(dir, 'new'), ...summary({ runId: 'new', createdAt: '2026-12-01T00:00:00Z', improvement: 2 }) });
    expect(index.history('reliability-design', 2)).toEqual([{ round: 1, improvement: 2 }]);
  });

  it('a missing runs folder is an empty index', async () => {
    expect((await RunsIndex.load(path.join(tmpdir(), 'rj-no-such-runs-folder'))).runs).toEqual([]);
  });
});

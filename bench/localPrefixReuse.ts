/**
 * Prompt tokens a local judge evaluates with and without KV prefix reuse on one corpus round
 * (reliability round 6: 4 reviews × 10 problems + audits), judged by the test suite's tiny random
 * GGUF on CPU (1 thread). Run: `npm run build && node --import tsx bench/localPrefixReuse.ts`
 * (needs `npm run local-judge:install` and ../shared/corpus). Prints one BENCHMARKS.md table row.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeTinyGguf } from '../test/local/writeTinyGguf.ts';

const root = path.resolve(import.meta.dirname, '..');
const roundDir = path.resolve(root, '../shared/corpus/rounds/reliability-design');
if (!existsSync(roundDir)) throw new Error(`corpus absent at ${roundDir}`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'rj-bench-local-'));
try {
  const files = [path.join(root, 'prompts/detection.md'), path.join(root, 'prompts/audit.md'), path.join(roundDir, 'answer-key-round-006.md'), ...readdirSync(path.join(roundDir, 'results')).filter((f) => /^v006-.*-run\d\.md$/.test(f)).map((f) => path.join(roundDir, 'results', f))];
  const model = path.join(dir, 'tiny.gguf');
  writeTinyGguf(model, { vocabularyText: files.map((f) => readFileSync(f, 'utf8')).join('\n'), contextLength: 131072 });
  const started = Date.now();
  const r = spawnSync(process.execPath, [path.join(root, 'bin/review-judge.js'), 'score', roundDir, '--round', '6', '--judge', `local:${model}`, '--threads', '1', '--gpu', 'off', '--max-tokens', '200', '--runs-dir', path.join(dir, 'runs'), '--max-demoted-share', '1'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
  const wallS = (Date.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`score exited ${r.status}: ${r.stderr}`);
  const run = readdirSync(path.join(dir, 'runs')).find((d) => d.startsWith('reliability'))!;
  const votes = readFileSync(path.join(dir, 'runs', run, 'votes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { status: string; usage: { inputTokens: number; cachedInputTokens: number; cacheWriteTokens: number; outputTokens: number } | null });
  const used = votes.filter((v) => v.usage);
  const sum = (f: (u: NonNullable<(typeof used)[number]['usage']>) => number) => used.reduce((n, v) => n + f(v.usage!), 0);
  const withReuse = sum((u) => u.inputTokens - u.cachedInputTokens);
  const without = sum((u) => u.inputTokens);
  const prefixes = used.filter((v) => v.usage!.cacheWriteTokens > 0).length;
  console.log(`| reliability-design round 6 (4 reviews × 10 + 4 audits), tiny GGUF, 1 thread | ${used.length} | ${without.toLocaleString('en')} | ${withReuse.toLocaleString('en')} (${((100 * withReuse) / without).toFixed(1)}%) | ${prefixes} | ${sum((u) => u.outputTokens).toLocaleString('en')} | ${votes.filter((v) => v.status !== 'ok').length} | ${wallS.toFixed(0)} s |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

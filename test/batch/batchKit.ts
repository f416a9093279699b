/** Shared setup of the batch-mode tests: the fixture round, the batch fakes, the CLI, and what a run folder holds. */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { startFakeAnthropicBatch, type FakeAnthropicBatchOptions } from '../fakes/fakeAnthropicBatch.ts';
import { startFakeOpenAIBatch, type FakeOpenAIBatchOptions } from '../fakes/fakeOpenAIBatch.ts';
import type { FakeServer, Script } from '../fakes/fakeServer.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { runCli, type CliResult } from '../e2e/runCli.ts';
import type { Manifest } from '../../src/types/Manifest.ts';
import type { LedgerData } from '../../src/run/BatchLedger.ts';

/** Units of the fixture round: 4 reviews × 3 problems + 4 audits. */
export const FIXTURE_UNITS = 16;
export const OPENAI_JUDGE = 'openai:gpt-4.1-mini';
export const ANTHROPIC_JUDGE = 'anthropic:claude-haiku-4-5';

const servers: FakeServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary working folder, removed after the test. */
export function workDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'rj-batch-'));
  dirs.push(d);
  return d;
}

/** Tracks a server for closing after the test. */
export function track<S extends FakeServer>(s: S): S {
  servers.push(s);
  return s;
}

export type Kind = 'openai' | 'anthropic';

/** A batch fake of either provider, running `script` (default: the fixture's judge), and the env that points the SDK at it. */
export async function batchFake(kind: Kind, opts: FakeOpenAIBatchOptions & FakeAnthropicBatchOptions = {}, script: Script = workflowJudge()) {
  const fake = track(kind === 'openai' ? await startFakeOpenAIBatch(script, opts) : await startFakeAnthropicBatch(script, opts));
  const env: Record<string, string> = kind === 'openai' ? { OPENAI_API_KEY: 'sk-test-batch-0123456', OPENAI_BASE_URL: `${fake.url}/v1` } : { ANTHROPIC_API_KEY: 'sk-ant-test-batch-0123', ANTHROPIC_BASE_URL: fake.url };
  return { fake, env, judge: kind === 'openai' ? OPENAI_JUDGE : ANTHROPIC_JUDGE, opts };
}

/** `score` on the fixture round 1 with these flags. */
export function score(runs: string, env: Record<string, string | undefined>, judge: string, extra: string[], now?: Date): Promise<CliResult> {
  return runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', runs, '--judge', judge, ...extra], env, now ? { now } : {});
}

/** Run folders (not the cache, not nightly files), sorted. */
export function runFolders(runs: string): string[] {
  return existsSync(runs) ? readdirSync(runs, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'cache').map((d) => path.join(runs, d.name)).sort() : [];
}

export const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
export const manifestOf = (dir: string) => readJson<Manifest>(path.join(dir, 'manifest.json'));
export const ledgerOf = (dir: string) => readJson<LedgerData>(path.join(dir, 'batch.json'));

/** verdicts.json without its run id, for comparing two runs. */
export function verdictsOf(dir: string): unknown {
  const { runId: _r, ...rest } = readJson<Record<string, unknown>>(path.join(dir, 'verdicts.json'));
  return rest;
}

/** The batch creates a fake received (OpenAI: POST /v1/batches; Anthropic: POST /v1/messages/batches). */
export function creates(fake: FakeServer): number {
  return fake.requests.filter((r) => r.method === 'POST' && (r.path === '/v1/batches' || r.path === '/v1/messages/batches')).length;
}

/** Interactive calls that reached the batch fake's own address (there must be none in batch mode). */
export function interactiveCalls(fake: FakeServer): number {
  return fake.requests.filter((r) => r.path === '/v1/chat/completions' || r.path === '/v1/messages').length;
}

/**
 * The Anthropic SDK warns on every request to a model it lists as deprecated; the bin prints each
 * distinct warning once per run. Spawned as a user runs it, against the fake Anthropic server
 * (claude-opus-4-5: deprecated, served until 2027-01-22).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { RELIABILITY, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { REPO } from './cliTestKit.ts';

let server: FakeServer | undefined;
let work: string | undefined;
afterEach(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('a deprecated Anthropic model: the SDK\'s warning appears once, not once per request', async () => {
  server = await startFakeAnthropic(workflowJudge(), { now: () => new Date('2026-12-01T00:00:00Z') });
  work = mkdtempSync(path.join(tmpdir(), 'rj-deprecated-'));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: work, ANTHROPIC_API_KEY: 'sk-ant-test-dep-0001', ANTHROPIC_BASE_URL: server.url };
  const args = [path.join(REPO, 'bin/review-judge.js'), 'score', RELIABILITY, '--round', '1', '--runs-dir', path.join(work, 'runs'), '--judge', 'anthropic:claude-opus-4-5'];
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) =>
    execFile(process.execPath, args, { cwd: work, env, timeout: 25_000, encoding: 'utf8' }, (error, _stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stderr });
    }),
  );
  expect(code).toBe(0);
  expect(server.requests.length).toBeGreaterThan(10);
  expect(stderr.match(/The model 'claude-opus-4-5' is deprecated/g)).toHaveLength(1);
});

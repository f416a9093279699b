/**
 * A local judge whose setup cannot work is refused with one line (exit 2) before anything else is
 * done for it: node-llama-cpp missing (before a model of several GB is downloaded or a round is
 * "scored" with every vote unscored), or a model file llama.cpp cannot read (it would spin, not fail).
 * None of these needs node-llama-cpp itself.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RELIABILITY } from '../fixtures/workflow-root/workflowJudge.ts';
import { startFakeHfHub } from '../fakes/fakeHfHub.ts';
import { runCli } from '../e2e/runCli.ts';

const work = mkdtempSync(path.join(tmpdir(), 'rj-local-setup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const score = (judge: string, env: Record<string, string> = {}) =>
  runCli(['score', RELIABILITY, '--round', '1', '--runs-dir', path.join(work, 'runs'), '--judge', judge], { REVIEW_JUDGE_MODELS: path.join(work, 'models'), ...env });

const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('a local judge that cannot work', () => {
  it('node-llama-cpp not installed: one line naming the install command, exit 2, no model downloaded', async () => {
    const hub = await startFakeHfHub({ 'acme/judge-GGUF': { files: { 'judge-Q4.gguf': { bytes: Buffer.from('GGUF\u0003\u0000\u0000\u0000 model bytes') } } } });
    try {
      const env = { REVIEW_JUDGE_LOCAL_PREFIX: path.join(work, 'no-install'), HF_ENDPOINT: hub.endpoint };
      const r = await score('local:hf:acme/judge-GGUF/judge-Q4.gguf', env);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain('local judges need node-llama-cpp');
      expect(r.stderr).toContain('npm run local-judge:install');
      expect(hub.requests).toHaveLength(0);
    } finally {
      await hub.close();
    }
  });

  it.each([
    ['not a GGUF file at all', Buffer.from('GGUF not a real model'), 'GGUF version'],
    ['no GGUF magic', Buffer.from('PK\u0003\u0004 a zip, not a model'), 'not a GGUF model file'],
    ['an empty file', Buffer.alloc(0), 'not a GGUF model file'],
  ])('%s: one line, exit 2, never handed to llama.cpp', async (_name, bytes, message) => {
    const file = path.join(work, `m-${Math.random().toString(16).slice(2)}.gguf`);
    writeFileSync(file, bytes);
    const r = await score(`local:${file}`);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});

/** review-judge.json through the CLI: read from the working directory, flags win, --print-config shows the merge, bad files give file:line. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/cli/configFile.ts';
import { runCli } from '../e2e/runCli.ts';
import { RELIABILITY } from '../fixtures/workflow-root/workflowJudge.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(config: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rj-config-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'review-judge.json'), config);
  return dir;
}

const printConfig = async (cwd: string, extra: string[] = []) => {
  const r = await runCli(['score', RELIABILITY, '--round', '1', '--print-config', ...extra], {}, { cwd });
  return { ...r, json: r.code === 0 ? JSON.parse(r.stdout) : null };
};

describe('review-judge.json', () => {
  it('fills the flags the command line leaves unset, paths relative to the file; a flag wins', async () => {
    const cwd = project(JSON.stringify({ judge: ['anthropic:claude-sonnet-5-5'], votes: 5, runsDir: 'nightly/runs', maxDrop: 1, compareTo: 'nightly/runs', maxDemotedShare: 0.1 }, null, 2));
    const r = await printConfig(cwd, ['--votes', '2']);
    expect(r.code).toBe(0);
    expect(r.json.file).toBe(path.join(cwd, 'review-judge.json'));
    expect(r.json.settings).toMatchObject({ judge: ['anthropic:claude-sonnet-5-5'], votes: 2, runsDir: path.join(cwd, 'nightly/runs'), maxDrop: 1, maxDemotedShare: 0.1 });
  });

  it('holds the local judge settings (threads, gpu, maxTokens) like their flags', async () => {
    const cwd = project(JSON.stringify({ judge: ['local:model.gguf'], threads: 3, gpu: 'off', maxTokens: 512 }));
    const r = await printConfig(cwd, ['--max-tokens', '256']);
    expect(r.code).toBe(0);
    expect(r.json.settings).toMatchObject({ judge: ['local:model.gguf'], threads: 3, gpu: 'off', maxTokens: 256 });
    // They reach the local judge: the missing model is reported, not an unknown setting.
    const run = await runCli(['score', RELIABILITY, '--round', '1', '--dry-run'], { HOME: cwd }, { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/judge local:model\.gguf: no such file .*model\.gguf/);
  });

  it('without a file, --print-config shows the defaults the flags carry', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'rj-config-none-'));
    dirs.push(cwd);
    const r = await printConfig(cwd);
    expect(r.json.file).toBeNull();
    expect(r.json.settings).toMatchObject({ votes: 3, runsDir: 'runs', maxDemotedShare: 0.25, evidence: 'require' });
  });

  it('a dry run plans with the config\'s judge (no key needed)', async () => {
    const cwd = project('{ "judge": ["anthropic:claude-sonnet-5-5"], "votes": 1 }');
    const r = await runCli(['score', RELIABILITY, '--round', '1', '--dry-run'], {}, { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('anthropic:claude-sonnet-5-5');
  });

  it.each([
    ['an unknown setting', '{\n  "votes": 3,\n  "vote": 5\n}', /review-judge\.json:3: unknown setting "vote"/],
    ['a wrong type', '{\n  "judge": ["openai:gpt-6-luna"],\n  "votes": "three"\n}', /review-judge\.json:3: "votes": /],
    ['not JSON', '{\n  "votes": 3,\n}', /review-judge\.json:\d+: not valid JSON/],
  ])('%s is one line naming the file and line, exit 2', async (_name, text, message) => {
    const cwd = project(text);
    const r = await runCli(['score', RELIABILITY, '--round', '1', '--print-config'], {}, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it.each([
    ['{"votes": 0}', /"votes"/],
    ['{"maxDemotedShare": 2}', /"maxDemotedShare"/],
    ['{"evidence": "sometimes"}', /"evidence"/],
    ['{"threads": 0}', /"threads"/],
    ['{"gpu": "rocm"}', /"gpu"/],
    ['{"maxTokens": 1.5}', /"maxTokens"/],
  ])('parseConfig rejects %s', (text, message) => {
    expect(() => parseConfig(text, 'review-judge.json')).toThrow(message);
  });
});

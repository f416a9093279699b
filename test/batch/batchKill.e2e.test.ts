/**
 * kill -9 of a `score --batch --wait` process, through the real bin: after the batch was created
 * (the ledger holds it) and while the create call was still unanswered (the batch exists at the
 * provider, the ledger has only the intent). Either way the same command run again submits nothing
 * new and finishes from the existing batch.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RELIABILITY } from '../fixtures/workflow-root/workflowJudge.ts';
import { batchFake, creates, interactiveCalls, ledgerOf, runFolders, workDir, type Kind } from './batchKit.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/review-judge.js');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function spawnScore(cwd: string, env: Record<string, string>, judge: string): { child: ChildProcess; exit: Promise<Exit> } {
  const args = [BIN, 'score', RELIABILITY, '--round', '1', '--judge', judge, '--runs-dir', 'runs', '--batch', '--wait', '--poll-seconds', '0.05'];
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, exit: new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr }))) };
}

async function waitFor(cond: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const ledgerState = (runs: string) => {
  const dir = runFolders(runs)[0];
  return dir && existsSync(path.join(dir, 'batch.json')) ? ledgerOf(dir).batches.map((b) => b.state) : [];
};

describe.each<Kind>(['openai', 'anthropic'])('kill -9 in batch mode (%s)', (kind) => {
  it('after the batch was created: the rerun submits nothing and finishes from it', async () => {
    const cwd = workDir();
    const runs = path.join(cwd, 'runs');
    const { fake, env, judge, opts } = await batchFake(kind, { pollsToFinish: 1e9 });
    const first = spawnScore(cwd, env, judge);
    await waitFor(() => ledgerState(runs).includes('running'), 'the batch in the ledger');
    first.child.kill('SIGKILL');
    expect((await first.exit).signal).toBe('SIGKILL');
    expect(creates(fake)).toBe(1);

    opts.pollsToFinish = 0;
    const second = await spawnScore(cwd, env, judge).exit;
    expect(second.stderr).not.toContain('unscored:');
    expect(second.code).toBe(0);
    expect(creates(fake)).toBe(1);
    expect(interactiveCalls(fake)).toBe(0);
    const [dir] = runFolders(runs);
    expect(runFolders(runs)).toHaveLength(1);
    expect(existsSync(path.join(dir!, 'run.json'))).toBe(true);
    expect(readFileSync(path.join(dir!, 'votes.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThan(0);
  });

  it('while the create call was unanswered: the rerun finds the batch at the provider instead of creating another', async () => {
    const cwd = workDir();
    const runs = path.join(cwd, 'runs');
    let child: ChildProcess | undefined;
    let killed: Promise<Exit> | undefined;
    const { fake, env, judge, opts } = await batchFake(kind, {
      pollsToFinish: 0,
      // The provider has created the batch; the client dies before it hears so.
      onCreated: async () => {
        if (!child) return;
        child.kill('SIGKILL');
        await killed;
        child = undefined;
      },
    });
    const first = spawnScore(cwd, env, judge);
    child = first.child;
    killed = first.exit;
    expect((await first.exit).signal).toBe('SIGKILL');
    expect(creates(fake)).toBe(1);
    expect(ledgerState(runs)).toEqual(['submitting']);

    opts.onCreated = undefined;
    const second = await spawnScore(cwd, env, judge).exit;
    expect(second.stderr).not.toContain('unscored:');
    expect(second.code).toBe(0);
    expect(creates(fake)).toBe(1);
    expect(ledgerState(runs)).toEqual(['collected']);
    const log = readFileSync(path.join(runFolders(runs)[0]!, 'log.jsonl'), 'utf8');
    expect(log).toContain('found at the provider, not submitted again');
  });
});

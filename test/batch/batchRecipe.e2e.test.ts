/**
 * The README's batch recipe (two cron lines: submit in the evening, collect in the morning), read
 * from README.md and run as written (paths mapped to temp folders) against the OpenAI batch fake
 * with the default judge, over two nights: the evening exits 75 with the batches recorded, the
 * morning scores every round from them; the second night has nothing new to send.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Script } from '../fakes/fakeServer.ts';
import { WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { runCli } from '../e2e/runCli.ts';
import { batchFake, creates, interactiveCalls, workDir } from './batchKit.ts';

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

/** The fixture's judge; doctor's one tiny call gets a plain valid answer. */
const judge: Script = (body, i) => {
  try {
    return workflowJudge()(body, i);
  } catch {
    return { type: 'json', outputs: [{ reasoning: 'ok', evidence: [{ location: 'Review', quote: 'single Redis node' }], verdict: 'detected' }] };
  }
};

/** The two cron lines of the batch recipe: each a list of steps (`;`), each step commands run while they succeed (`&&`). */
function batchRecipe(): { evening: string[][]; morning: string[][] } {
  const m = /```cron\n(0 20 [^\n]+)\n(0 7 [^\n]+)\n```/.exec(README);
  if (!m) throw new Error('README: no batch cron recipe (a ```cron block with an evening and a morning line)');
  const steps = (line: string) => line.replace(/^\S+ \S+ \S+ \S+ \S+ /, '').replace(/^cd \S+ && /, '').split(/\s*;\s*/).map((step) => step.split(/\s*&&\s*/).map((c) => c.replace(/\s*>>\s*\S+\s+2>&1\s*$/, '')));
  return { evening: steps(m[1]!), morning: steps(m[2]!) };
}

async function run(recipe: string[][], paths: Record<string, string>, env: Record<string, string>, now: Date) {
  const out: Array<{ cmd: string; code: number; stderr: string }> = [];
  for (const step of recipe) {
    for (const cmd of step) {
      expect(cmd.startsWith('npx review-judge ')).toBe(true);
      const r = await runCli(cmd.replace('npx review-judge ', '').split(/\s+/).map((a) => paths[a] ?? a), env, { now });
      out.push({ cmd, code: r.code, stderr: r.stderr });
      if (r.code !== 0) break;
    }
  }
  return out;
}

describe("the README's batch recipe", () => {
  it('evening: doctor, then submit (exit 75); morning: the same command with --wait scores every round; night two sends nothing new', async () => {
    const { evening, morning } = batchRecipe();
    expect(evening.flat()[0]).toMatch(/^npx review-judge doctor/);
    expect(evening.flat().find((c) => c.includes(' score '))).toContain('--batch');
    const work = workDir();
    const root = path.join(work, 'rounds');
    cpSync(WORKFLOW_ROOT, root, { recursive: true });
    const runs = path.join(work, 'runs');
    const paths = { '/srv/workflow/rounds': root, '/srv/runs': runs };
    const { fake, env, opts } = await batchFake('openai', { pollsToFinish: 1e9 }, judge);
    // The default judge needs only OPENAI_API_KEY; the fake stands in for api.openai.com.
    const e = await run(evening, paths, env, new Date('2026-12-01T20:00:00Z'));
    expect(e.map((s) => s.code)).toEqual([0, 75]);
    expect(creates(fake)).toBe(3);
    // The batches end overnight.
    opts.pollsToFinish = 0;
    const m = await run(morning, paths, env, new Date('2026-12-02T07:00:00Z'));
    expect(m.map((s) => [s.cmd, s.code])).toEqual(morning.flat().map((c) => [c, 0]));
    expect(creates(fake)).toBe(3);
    expect(interactiveCalls(fake)).toBe(1); // doctor's one call
    expect(existsSync(path.join(runs, 'index.html'))).toBe(true);
    const nightly = JSON.parse(readFileSync(path.join(runs, 'nightly.json'), 'utf8')) as { rounds: Array<{ status: string; batch?: { requests: number } }> };
    expect(nightly.rounds.every((r) => r.status !== 'pending' && (r.batch?.requests ?? 0) > 0)).toBe(true);

    // Night two: nothing new; the evening already scores every round from the cache (no batch).
    const e2 = await run(evening, paths, env, new Date('2026-12-02T20:00:00Z'));
    expect(e2.map((s) => s.code)).toEqual([0, 0]);
    expect(e2[1]!.stderr).toContain('3 unchanged');
    const m2 = await run(morning, paths, env, new Date('2026-12-03T07:00:00Z'));
    expect(m2.every((s) => s.code === 0)).toBe(true);
    expect(creates(fake)).toBe(3);
  });
});

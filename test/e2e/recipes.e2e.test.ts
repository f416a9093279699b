/**
 * The README's cron and CI recipes, read from README.md and run as written (paths mapped to temp
 * folders) against the fake OpenAI server with the default judge: doctor first, two nights that
 * compare with the previous one, prune and view. When a recipe changes in the README, this test
 * runs the new commands.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { Script } from '../fakes/fakeServer.ts';
import { WORKFLOW_ROOT, workflowJudge } from '../fixtures/workflow-root/workflowJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const cleanup = cleanupAfterEach();

/** The workflow judge for scoring; doctor's one tiny call gets a plain valid answer. */
const judge: Script = (body, i) => {
  try {
    return workflowJudge()(body, i);
  } catch {
    return { type: 'json', outputs: [{ reasoning: 'ok', evidence: [{ location: 'Review', quote: 'single Redis node' }], verdict: 'detected' }] };
  }
};

/** A recipe as steps: each step's commands run in order while they succeed (`&&`); steps run regardless (`;`, `if: always()`). */
type Recipe = string[][];

function cronRecipe(): Recipe {
  const line = /```cron\n(.+)\n```/.exec(README)![1]!;
  const body = line.replace(/^\S+ \S+ \S+ \S+ \S+ /, '').replace(/^cd \S+ && /, '');
  return body.split(/\s*;\s*/).map((step) => step.split(/\s*&&\s*/).map((c) => c.replace(/\s*>>\s*\S+\s+2>&1\s*$/, '')));
}

function ciRecipe(): Recipe {
  const yaml = /```yaml\n([\s\S]+?)\n```/.exec(README)![1]!;
  const runs = [...yaml.matchAll(/- run: (npx review-judge [^#\n]+?)\s*(?:#.*)?$/gm)].map((m) => m[1]!);
  // Steps without `if: always()` stop the job when they fail; the test runs them in order and checks each exit.
  return runs.map((r) => [r]);
}

async function runRecipe(recipe: Recipe, paths: Record<string, string>, env: Record<string, string>, now: Date): Promise<Array<{ cmd: string; code: number; stderr: string }>> {
  const out: Array<{ cmd: string; code: number; stderr: string }> = [];
  for (const step of recipe) {
    for (const cmd of step) {
      expect(cmd.startsWith('npx review-judge ')).toBe(true);
      const argv = cmd.replace('npx review-judge ', '').split(/\s+/).map((a) => paths[a] ?? a);
      const r = await runCli(argv, env, { now });
      out.push({ cmd, code: r.code, stderr: r.stderr });
      if (r.code !== 0) break;
    }
  }
  return out;
}

describe("the README's recipes", () => {
  it.each([
    ['cron', cronRecipe, { '/srv/workflow/rounds': 'ROOT', '/srv/runs': 'RUNS' }],
    ['CI', ciRecipe, { 'workflow/rounds': 'ROOT', runs: 'RUNS' }],
  ] as const)('%s: two nights as written, every command exits 0, the second compares with the first and writes nothing new', async (_name, recipeOf, mapping) => {
    const server = cleanup.server(await startFakeOpenAI(judge));
    const work = cleanup.dir('rj-recipe-');
    const root = path.join(work, 'rounds');
    cpSync(WORKFLOW_ROOT, root, { recursive: true });
    const runs = path.join(work, 'runs');
    const paths = Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, v === 'ROOT' ? root : runs]));
    const env = { OPENAI_API_KEY: 'sk-test-recipe-000001', OPENAI_BASE_URL: `${server.url}/v1` };
    const recipe = recipeOf();
    expect(recipe.flat()[0]).toMatch(/^npx review-judge doctor/);
    const first = await runRecipe(recipe, paths, env, new Date('2026-12-01T02:00:00Z'));
    expect(first.map((s) => [s.cmd, s.code])).toEqual(recipe.flat().map((c) => [c, 0]));
    expect(first.find((s) => s.cmd.includes(' score '))!.stderr).toContain('no earlier run to compare with yet (first night)');
    const paid = server.requests.length;
    const second = await runRecipe(recipe, paths, env, new Date('2026-12-02T02:00:00Z'));
    expect(second.map((s) => [s.cmd, s.code])).toEqual(recipe.flat().map((c) => [c, 0]));
    const score = second.find((s) => s.cmd.includes(' score '))!;
    expect(score.stderr).not.toContain('first night');
    expect(score.stderr).toContain('3 unchanged: no new run folder');
    // Only doctor's one call per night is new.
    expect(server.requests.length - paid).toBe(1);
    expect(existsSync(path.join(runs, 'index.html'))).toBe(true);
    expect(existsSync(path.join(runs, 'nightly.md'))).toBe(true);
  });
});

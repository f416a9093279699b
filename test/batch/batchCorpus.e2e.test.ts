/**
 * The check on a held-out-size round: reliability round 6 of the corpus (4 reviews × 10
 * problems + 4 audits) scored with `--batch --wait` against each provider's batch fake gives the
 * verdicts of the interactive path (run beside it with the same judge brain, and the historical
 * verdicts that brain answers), with 0
 * interactive requests, and a second run makes no request at all.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { historicalBrain } from '../e2e/historicalBrain.ts';
import { runCli } from '../e2e/runCli.ts';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import { batchFake, creates, interactiveCalls, manifestOf, runFolders, track, verdictsOf, workDir, type Kind } from './batchKit.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const roundDir = path.join(corpus, 'rounds/reliability-design');
const present = existsSync(roundDir);
if (!present) console.warn(`corpus absent at ${corpus}: batch corpus round tests skipped`);

describe.skipIf(!present).each<Kind>(['openai', 'anthropic'])('corpus round 6 with --batch --wait (%s)', (kind) => {
  it('historical verdicts, 0 interactive requests; the second run sends nothing', async () => {
    const brain = historicalBrain(corpus);
    const { fake, env, judge } = await batchFake(kind, { pollsToFinish: 3 }, brain.script);
    const runs = path.join(workDir(), 'runs');
    const score = () => runCli(['score', roundDir, '--round', '6', '--runs-dir', runs, '--judge', judge, '--json', '--batch', '--wait', '--poll-seconds', '0'], env);
    const r = await score();
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as { units: Array<{ verdict: string; agreement: number }>; audits: unknown[] };
    expect(v.units).toHaveLength(40);
    expect(v.audits).toHaveLength(4);
    const expected = [...brain.expected.values()].flatMap((m) => [...m.values()]).sort();
    expect(v.units.map((u) => u.verdict).sort()).toEqual(expected);
    expect(interactiveCalls(fake)).toBe(0);
    expect(creates(fake)).toBe(1);
    const m = manifestOf(runFolders(runs)[0]!);
    expect(m.totals.requests).toBe(0);
    // OpenAI: 44 requests with n = 3; Anthropic: 40 units × 2 agreeing votes + 4 audits × 3
    expect(m.totals.batch?.requests).toBe(kind === 'openai' ? 44 : 92);

    // The interactive path on the same round, same judge brain: the same verdicts.json.
    const direct = track(kind === 'openai' ? await startFakeOpenAI(brain.script) : await startFakeAnthropic(brain.script));
    const directEnv = kind === 'openai' ? { ...env, OPENAI_BASE_URL: `${direct.url}/v1` } : { ...env, ANTHROPIC_BASE_URL: direct.url };
    const interactiveRuns = path.join(path.dirname(runs), 'interactive');
    const i = await runCli(['score', roundDir, '--round', '6', '--runs-dir', interactiveRuns, '--judge', judge], directEnv);
    expect(i.code).toBe(0);
    expect(verdictsOf(runFolders(interactiveRuns)[0]!)).toEqual(verdictsOf(runFolders(runs)[0]!));

    const before = fake.requests.length;
    const again = await score();
    expect(again.code).toBe(0);
    expect(fake.requests.length).toBe(before);
    expect(JSON.parse(again.stdout).units.map((u: { verdict: string }) => u.verdict).sort()).toEqual(expected);
  });
});

/**
 * The audit's output budget through the CLI and the real SDKs against the strict fakes: a long review's
 * audit asks for more output tokens than a detection, an answer cut at that budget is asked once more
 * with double the budget (counted in the manifest and on stderr, cached under its own key), and one cut
 * again is an unscored audit with the reason, exit 1 — never a zero bonus.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_TOKENS_PER_FINDING } from '../../src/judge/auditBudget.ts';
import type { Manifest } from '../../src/types/Manifest.ts';
import type { Verdicts } from '../../src/types/Verdicts.ts';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { Reply, Script } from '../fakes/fakeServer.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { auditOutput, detectionOutput, viewPrompt } from './fakeJudge.ts';
import { runCli } from './runCli.ts';

const KEY = path.resolve(import.meta.dirname, '../fixtures/round-small/answer-key-round-001.md');
const HEADINGS = 45;
const BONUS_LINE = 'The single PostgreSQL instance is a single point of failure for every order.';
const track = cleanupAfterEach();

/** A review with HEADINGS findings, one of them the key's bonus candidate B01. */
function longReview(dir: string): string {
  const findings = Array.from({ length: HEADINGS - 1 }, (_, i) => `## C${i + 1}: Finding number ${i + 1}\nThe design leaves concern number ${i + 1} open for the checkout flow.\n`);
  const file = path.join(dir, 'v001-baseline-run1.md');
  writeFileSync(file, `# Reliability review\n\n${findings.join('\n')}\n## C${HEADINGS}: Database\n${BONUS_LINE}\n`);
  return file;
}

/** Detection answers ○; the audit answer is `audit(budget)` for the budget the request carries. */
function script(audit: (budget: number) => Reply): Script {
  return (body) => {
    const view = viewPrompt(body);
    if (view.problemId !== 'audit') return { type: 'json', outputs: [detectionOutput(view, 'detected')] };
    return audit(Number(body.max_completion_tokens ?? body.max_tokens));
  };
}

const bonus: Reply = { type: 'json', outputs: [auditOutput([{ location: `C${HEADINGS}`, quote: BONUS_LINE, classification: 'bonus', bonus_id: 'B01' }])] };
const cut: Reply = { type: 'length', partial: '{"findings":[{"location":"C1","quote":"The design leaves' };
/** The audit answer of the running test's server. */
let answer: (budget: number) => Reply = () => cut;

type Fake = Awaited<ReturnType<typeof startFakeOpenAI>>;

/** Scores the long review; `again` reruns in the same folder against the same server (the base URL is in every cache key). */
async function score(provider: 'openai' | 'anthropic', model: string, audit: (budget: number) => Reply, again?: { work: string; fake: Fake }) {
  const work = again?.work ?? track.dir('rj-audit-budget-');
  const fake = again?.fake ?? track.server(provider === 'openai' ? await startFakeOpenAI(script((b) => answer(b))) : await startFakeAnthropic(script((b) => answer(b))));
  answer = audit;
  const sent = fake.requests.length;
  const env = provider === 'openai'
    ? { OPENAI_API_KEY: 'sk-test-audit-01', OPENAI_BASE_URL: `${fake.url}/v1` }
    : { ANTHROPIC_API_KEY: 'sk-ant-test-audit', ANTHROPIC_BASE_URL: fake.url };
  const runs = path.join(work, 'runs');
  const r = await runCli(['score', '--key', KEY, '--reviews', longReview(work), '--judge', `${provider}:${model}`, '--votes', '1', '--runs-dir', runs], env);
  const runDir = readdirSync(runs).filter((d) => d !== 'cache').map((d) => path.join(runs, d)).sort().at(-1)!;
  const read = <T>(f: string) => JSON.parse(readFileSync(path.join(runDir, f), 'utf8')) as T;
  const requests = fake.requests.slice(sent);
  const audits = requests.filter((q) => viewPrompt(q.body).problemId === 'audit').map((q) => q.body as Record<string, unknown>);
  return { ...r, work, fake, requests, audits, verdicts: read<Verdicts>('verdicts.json'), manifest: read<Manifest>('manifest.json') };
}

describe('audit output budget', () => {
  it('gives a long review more room than a detection: the judge default plus 160 tokens per heading', async () => {
    const r = await score('openai', 'gpt-4.1-mini', () => bonus);
    expect(r.code).toBe(0);
    const detection = r.requests.find((q) => viewPrompt(q.body).problemId !== 'audit')!.body as Record<string, unknown>;
    expect(detection.max_completion_tokens).toBe(4096);
    expect(r.audits.map((b) => b.max_completion_tokens)).toEqual([4096 + AUDIT_TOKENS_PER_FINDING * HEADINGS]);
    expect(r.verdicts.audits?.[0]?.bonuses.map((b) => b.id)).toEqual(['B01']);
    expect(r.manifest.totals.retries).toBeUndefined();
  });

  it('asks an answer cut at the budget once more with double the budget, counts it, shows it, and caches it', async () => {
    const first = 4096 + AUDIT_TOKENS_PER_FINDING * HEADINGS;
    const r = await score('openai', 'gpt-4.1-mini', (budget) => (budget === first ? cut : bonus));
    expect(r.code).toBe(0);
    expect(r.audits.map((b) => b.max_completion_tokens)).toEqual([first, 2 * first]);
    expect(r.verdicts.audits?.[0]).toMatchObject({ status: 'scored', bonuses: [{ id: 'B01', verified: true }] });
    expect(r.manifest.totals.retries).toEqual({ invalidOutput: 0, truncated: 1 });
    const vote = r.manifest.votes.find((v) => v.unit === 'audit')!;
    expect(vote).toMatchObject({ status: 'ok', retry: { kind: 'truncated', fromTokens: first, toTokens: 2 * first, fromCache: false } });
    expect(r.stderr).toContain(`retried: 1 vote cut at the output budget, asked again with a larger one (${first} → ${2 * first} tokens); 0 cut again (unscored)`);

    // A rerun reads the vote from the larger request's key: nothing is sent, nothing counted as retried.
    const again = await score('openai', 'gpt-4.1-mini', () => cut, r);
    expect(again.code).toBe(0);
    expect(again.requests).toHaveLength(0);
    expect(again.manifest.totals.retries).toBeUndefined();
    expect(again.manifest.votes.find((v) => v.unit === 'audit')).toMatchObject({ cacheKey: vote.cacheKey, retry: { kind: 'truncated', fromCache: true } });
    expect(again.verdicts.audits?.[0]?.bonuses.map((b) => b.id)).toEqual(['B01']);
  });

  it('leaves an audit cut again unscored with the reason, exit 1 (Anthropic)', async () => {
    const r = await score('anthropic', 'claude-sonnet-5-5', () => cut);
    const first = 16384 + AUDIT_TOKENS_PER_FINDING * HEADINGS;
    expect(r.audits.map((b) => b.max_tokens)).toEqual([first, 2 * first]);
    expect(r.code).toBe(1);
    const audit = r.verdicts.audits?.[0];
    expect(audit?.status).toBe('unscored');
    expect(audit?.bonuses).toEqual([]);
    expect(audit?.reason).toContain(`truncated: output stopped early (max_tokens) (also with ${2 * first} output tokens after ${first})`);
    expect(r.manifest.totals.retries).toEqual({ invalidOutput: 0, truncated: 1 });
    expect(r.stderr).toContain('retried: 1 vote cut at the output budget');
    expect(r.stderr).toContain('1 cut again (unscored)');
    expect(r.stderr).toMatch(/unscored: baseline run1 audit: only 0 of 1 audit votes valid \(truncated: /);
  });

  it('does not ask again when the budget is already the most the model may be asked for', async () => {
    // gpt-4o-mini has no documented maximum in the catalogue: its audits stay at its 4096 default.
    const r = await score('openai', 'gpt-4o-mini', () => cut);
    expect(r.audits.map((b) => b.max_completion_tokens)).toEqual([4096]);
    expect(r.code).toBe(1);
    expect(r.verdicts.audits?.[0]?.reason).toContain('4096 output tokens, the most this judge may be asked for: not asked again');
    expect(r.manifest.totals.retries).toBeUndefined();
  });
});

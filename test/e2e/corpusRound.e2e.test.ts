/**
 * A real corpus round (reliability round 6: 4 reviews × 10 problems) judged end to end through the
 * CLI, with the real SDK clients talking to fake servers over sockets. The fake judge answers with
 * the historical verdicts of labels.tsv, so the run must reproduce them exactly.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fakeAnthropic.ts';
import { startFakeOpenAI } from '../fakes/fakeOpenAI.ts';
import type { FakeServer } from '../fakes/fakeServer.ts';
import { historicalBrain } from './historicalBrain.ts';
import { runCli } from './runCli.ts';

const corpus = path.resolve(import.meta.dirname, '../../../shared/corpus');
const roundDir = path.join(corpus, 'rounds/reliability-design');
const present = existsSync(roundDir);
if (!present) console.warn(`corpus absent at ${corpus}: corpus end-to-end tests skipped`);

describe.skipIf(!present)('corpus round judged end to end', () => {
  let openai: FakeServer;
  let anthropic: FakeServer;
  let work: string;
  const brain = present ? historicalBrain(corpus) : null;
  const env = () => ({ OPENAI_API_KEY: 'sk-test-e2e-openai-012', OPENAI_BASE_URL: `${openai.url}/v1`, ANTHROPIC_API_KEY: 'sk-ant-test-e2e-012345', ANTHROPIC_BASE_URL: anthropic.url });
  const score = (...extra: string[]) =>
    runCli(['score', roundDir, '--round', '6', '--runs-dir', path.join(work, 'runs'), '--json', ...extra], env());
  const verdictsOf = (stdout: string) => JSON.parse(stdout) as { runId: string; units: Array<{ review: { prompt: string; run: number }; unit: string; verdict: string; agreement: number }> };

  beforeAll(async () => {
    // Corpus prompts are 7k–10.6k tokens: the openai-compatible judge checks the reported count against them.
    openai = await startFakeOpenAI(brain!.script, { countPromptTokens: true });
    anthropic = await startFakeAnthropic(brain!.script);
    work = mkdtempSync(path.join(tmpdir(), 'rj-e2e-'));
  });
  afterAll(async () => {
    await openai.close();
    await anthropic.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('OpenAI with n: one request per unit (40 detection + 4 audits), historical verdicts reproduced, exit 0', async () => {
    const r = await score('--judge', 'openai:gpt-4.1-mini');
    expect(r.stderr).not.toContain('unscored:');
    expect(r.code).toBe(0);
    const v = verdictsOf(r.stdout);
    expect(v.units).toHaveLength(40);
    expect(brain!.size).toBe(40);
    expect(openai.requests).toHaveLength(44);
    expect((v as unknown as { audits: unknown[] }).audits).toHaveLength(4);
    expect(openai.requests.every((q) => (q.body as { n?: number }).n === 3)).toBe(true);
    for (const u of v.units) expect(u.agreement).toBe(1);
    const expectedVerdicts = [...brain!.expected.values()].flatMap((m) => [...m.values()]).sort();
    expect(v.units.map((u) => u.verdict).sort()).toEqual(expectedVerdicts);
  });

  it('a second identical run makes zero requests and yields the same verdicts', async () => {
    const before = openai.requests.length;
    const first = readdirSync(path.join(work, 'runs')).filter((d) => d !== 'cache');
    const r = await score('--judge', 'openai:gpt-4.1-mini');
    expect(r.code).toBe(0);
    expect(openai.requests.length - before).toBe(0);
    const again = verdictsOf(r.stdout);
    const original = JSON.parse(readFileSync(path.join(work, 'runs', first[0]!, 'verdicts.json'), 'utf8'));
    expect({ ...again, runId: '' }).toEqual({ ...original, runId: '' });
  });

  it('replay recomputes verdicts.json byte for byte with no network', async () => {
    const before = openai.requests.length;
    const runs = readdirSync(path.join(work, 'runs')).filter((d) => d !== 'cache').sort();
    const r = await runCli(['replay', path.join(work, 'runs', runs[0]!)], {});
    expect(r.stderr).toContain('identical');
    expect(r.code).toBe(0);
    expect(openai.requests.length).toBe(before);
  });

  it('--only P03 --fresh makes exactly one request per review (n) and reports the comparison', async () => {
    const before = openai.requests.length;
    const r = await runCli(['score', roundDir, '--round', '6', '--runs-dir', path.join(work, 'runs'), '--judge', 'openai:gpt-4.1-mini', '--only', 'P03', '--fresh'], env());
    expect(r.code).toBe(0);
    expect(openai.requests.length - before).toBe(4);
    expect(r.stdout).toContain('compared with run');
    expect(r.stdout).toContain('no verdict changed');
  });

  it('Anthropic without n: detection votes in waves stopping after 2 agreeing votes; audits take all 3', async () => {
    const r = await score('--judge', 'anthropic:claude-sonnet-5-5');
    expect(r.code).toBe(0);
    expect(verdictsOf(r.stdout).units).toHaveLength(40);
    expect(anthropic.requests).toHaveLength(40 * 2 + 4 * 3);
    const first = anthropic.requests[0]!.body as { messages: Array<{ content: Array<{ cache_control?: unknown }> }> };
    expect(first.messages[0]!.content[0]!.cache_control).toEqual({ type: 'ephemeral' });
  });

  it.each([
    ['the OpenAI default', ['--judge', 'openai']],
    ['a gpt-6 reasoning model at high effort', ['--judge', 'openai:gpt-6.2-sol', '--effort', 'high']],
    ['the Anthropic default', ['--judge', 'anthropic']],
  ])('%s against the strict fakes: no rejected request, every unit scored', async (_name, args) => {
    const fake = args[1]!.startsWith('anthropic') ? anthropic : openai;
    const before = fake.requests.length;
    const r = await runCli(['score', roundDir, '--round', '6', '--runs-dir', path.join(work, `runs-${args[1]}`), ...args, '--json'], env());
    expect(r.code).toBe(0);
    expect(verdictsOf(r.stdout).units.every((u) => u.verdict !== 'unscored')).toBe(true);
    expect(verdictsOf(r.stdout).units).toHaveLength(40);
    expect(fake.requests.length - before).toBeGreaterThan(44);
    expect(r.stderr).not.toContain('unscored:');
  });

  it('openai-compatible never sends n and stops early too', async () => {
    const before = openai.requests.length;
    const r = await runCli(['score', roundDir, '--round', '6', '--runs-dir', path.join(work, 'runs-compat'), '--judge', 'openai-compatible:llama3.1', '--base-url', `${openai.url}/v1`], {});
    expect(r.code).toBe(0);
    const sent = openai.requests.slice(before);
    expect(sent).toHaveLength(40 * 2 + 4 * 3);
    expect(sent.every((q) => (q.body as { n?: number }).n === undefined)).toBe(true);
  });
});

/**
 * Issue #10, local servers, through the CLI and the real SDK against the fake acting like them:
 * an Ollama that cuts the prompt to its context (unscored with how to raise it, never ×), answers in
 * a code fence (scored), and a llama.cpp build that rejects json_schema (json_object fallback, reported,
 * and a rerun served from the cache).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAIOptions } from '../fakes/fakeOpenAI.ts';
import type { FakeServer, Script } from '../fakes/fakeServer.ts';
import { auditOutput, detectionOutput, judgeScript } from './fakeJudge.ts';
import { cleanupAfterEach } from './cleanup.ts';
import { runCli } from './runCli.ts';

const round = path.resolve(import.meta.dirname, '../fixtures/round-small');
let server: FakeServer | undefined;
let work: string | undefined;
const cleanup = cleanupAfterEach();

const detected = judgeScript(() => 'detected');

async function start(script: Script, opts: FakeOpenAIOptions) {
  // Prompt tokens counted as a server counts them, so the truncation check is live in every case.
  server = cleanup.server(await startFakeOpenAI(script, { countPromptTokens: true, ...opts }));
  work = cleanup.dir('rj-local-');
}

/** One `score` of the fixture round against the fake as an openai-compatible judge; the newest run folder's files. */
async function score() {
  const runs = path.join(work!, 'runs');
  const r = await runCli(['score', round, '--round', '1', '--judge', 'openai-compatible:llama3.1', '--base-url', `${server!.url}/v1`, '--runs-dir', runs, '--max-retries', '0', '--json'], {});
  const dir = path.join(runs, readdirSync(runs).filter((d) => d !== 'cache').sort().at(-1)!);
  const json = (f: string) => JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
  const log = readFileSync(path.join(dir, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { level: number; msg: string });
  return { ...r, verdicts: json('verdicts.json'), report: json('report.json'), md: readFileSync(path.join(dir, 'report.md'), 'utf8'), manifest: json('manifest.json'), log };
}

type Unit = { verdict: string; votes: Array<{ verdict: string; reason: string }> };

describe('a server that cuts the prompt to its context window (Ollama below 24 GiB of VRAM)', () => {
  it('leaves every vote unscored with how to raise the context, never ×, and exits 1', async () => {
    // The fixture's prompts are ~2k tokens, so a 600-token window plays Ollama's 4096 against our 7k–10.6k.
    await start(detected, { contextWindow: 600 });
    const r = await score();
    expect(r.code).toBe(1);
    const units = r.verdicts.units as Unit[];
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) {
      expect(u.verdict).toBe('unscored');
      for (const v of u.votes) {
        expect(v.verdict).toBe('unscored');
        expect(v.reason).toMatch(/^truncated-input: the server read 600 prompt tokens of about \d+ sent/);
        expect(v.reason).toContain('OLLAMA_CONTEXT_LENGTH=32768 ollama serve');
        expect(v.reason).toContain('-c 32768');
      }
    }
    expect(JSON.stringify(r.verdicts)).not.toContain('×');
    // Every detection unit and every review's audit is listed, each with its reason.
    expect(r.report.unscored.length).toBe(units.length + (r.verdicts.audits?.length ?? 0));
    expect(r.report.unscored.every((u: { reason: string }) => u.reason.includes('truncated-input'))).toBe(true);
    expect(r.stderr).toContain('OLLAMA_CONTEXT_LENGTH=32768');
  });

  it('a window the prompts fit in scores as usual', async () => {
    await start(detected, { contextWindow: 32_768 });
    const r = await score();
    expect(r.code).toBe(0);
    expect((r.verdicts.units as Unit[]).every((u) => u.verdict === '○')).toBe(true);
  });
});

describe('answers wrapped in a code fence', () => {
  it('are read: every unit scored', async () => {
    const fenced = (x: unknown, lang: string) => ({ type: 'text' as const, texts: [`\`\`\`${lang}\n${JSON.stringify(x, null, 2)}\n\`\`\`\n`] });
    await start(judgeScript((view, i) => fenced(detectionOutput(view, 'detected'), i % 2 ? 'json' : ''), () => fenced(auditOutput([]), 'json')), {});
    const r = await score();
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('unscored:');
    expect((r.verdicts.units as Unit[]).every((u) => u.verdict === '○')).toBe(true);
  });
});

describe('a llama.cpp server build that rejects json_schema', () => {
  it('falls back to json_object, scores every unit, reports the fallback, and a rerun makes no request', async () => {
    await start(detected, { rejectJsonSchema: true });
    const r = await score();
    expect(r.code).toBe(0);
    expect((r.verdicts.units as Unit[]).every((u) => u.verdict === '○')).toBe(true);
    const formats = server!.requests.map((q) => (q.body as { response_format: { type: string } }).response_format.type);
    const fallbacks = formats.filter((f) => f === 'json_object').length;
    expect(fallbacks).toBeGreaterThan(0);
    // After the first rejection the provider asks json_object straight away (only requests already in flight were rejected too).
    expect(formats.filter((f) => f === 'json_schema').length).toBeLessThan(fallbacks);
    expect(r.manifest.totals.jsonObjectFallbacks).toBe(fallbacks);
    expect(r.stderr).toContain(`json_object fallback used for ${fallbacks} requests`);
    expect(r.log.filter((l) => l.level === 40 && l.msg.includes('json_object fallback'))).toHaveLength(1);
    // The reports say so too, not only the terminal.
    expect(r.report.retries).toEqual({ invalidOutput: 0, truncated: 0, jsonObjectFallbacks: fallbacks });
    expect(r.md).toContain(`${fallbacks} requests sent as json_object (the server refused json_schema)`);

    const sent = server!.requests.length;
    const again = await score();
    expect(again.code).toBe(0);
    expect(server!.requests.length).toBe(sent);
    expect(again.manifest.totals.requests).toBe(0);
    expect(again.verdicts.units).toEqual(r.verdicts.units);
    expect(again.stderr).not.toContain('json_object fallback');
  });
});

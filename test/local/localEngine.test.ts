/**
 * The engine against the real node-llama-cpp on tiny GGUFs (CPU, one thread): a prompt that fills
 * most of a short context is evaluated whole, never cut from the front; a model whose vocabulary
 * asks for BOS still reuses a review's prefix; the token counts reported are the meter's.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../src/judge/providers/local/LocalEngine.ts';
import { boundedSchema } from '../../src/judge/providers/local/boundedSchema.ts';
import { LOCAL_JUDGE_PREFIX, loadLlamaModule } from '../../src/judge/providers/local/loadLlamaModule.ts';
import { writeTinyGguf } from './writeTinyGguf.ts';

const installed = existsSync(path.join(LOCAL_JUDGE_PREFIX, 'node_modules', 'node-llama-cpp', 'package.json'));
if (!installed && !process.env.CI) console.warn('node-llama-cpp is not installed in local-judge/: local engine tests skipped (npm run local-judge:install)');

const WORDS = 'the design has no plan for payment retries so a failure there is not handled answer verdict reason detected partial undetected';
const SCHEMA = { type: 'object', properties: { verdict: { type: 'string', enum: ['detected', 'partial', 'undetected'] } }, required: ['verdict'], additionalProperties: false };

describe.skipIf(!installed && !process.env.CI)('local engine (tiny GGUF, CPU)', () => {
  let dir: string;
  const engines: LocalEngine[] = [];
  const engine = (file: string, lines: string[]) => {
    const e = new LocalEngine({ modelPath: file, threads: 1, gpu: 'off', loadModule: () => loadLlamaModule(), status: (l) => lines.push(l) });
    engines.push(e);
    return e;
  };
  const schema = (budget: number) => ({ name: 'x', jsonSchema: boundedSchema(SCHEMA, budget)!.schema });

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rj-engine-'));
  });
  afterAll(async () => {
    for (const e of engines) await e.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('evaluates a prompt filling most of a 2,048-token context whole (LlamaCompletion would cut its first 10%)', async () => {
    const file = path.join(dir, 'tiny-2k.gguf');
    writeTinyGguf(file, { vocabularyText: WORDS, contextLength: 2048 });
    const lines: string[] = [];
    const e = engine(file, lines);
    const prompt = { instructions: 'the design has no plan for payment retries '.repeat(100), review: 'so a failure there is not handled '.repeat(152), task: 'answer verdict' };
    const out = await e.generate(prompt, schema(60), 60, 1).then(
      (x) => x,
      (err: { kind?: string }) => ({ refused: err }),
    );
    if ('refused' in out) {
      // Refused is acceptable; a cut prompt answered is not.
      expect(out.refused.kind).toBe('truncated-input');
      return;
    }
    const r = out;
    // The prompt is in the band LlamaCompletion's default would have cut (above 90% of the context).
    expect(r.stats.promptTokens).toBeGreaterThan(2048 * 0.9);
    expect(r.stats.promptTokens + 60).toBeLessThanOrEqual(2048);
    expect(r.stats.contextSize).toBe(2048);
    expect(r.stats.evaluatedTokens).toBe(r.stats.promptTokens);
    expect(r.stats.reusedTokens).toBe(0);
    expect(JSON.parse(r.text)).toHaveProperty('verdict');
  }, 120_000);

  it('prepends BOS itself for an add_bos_token model, so the second unit of a review reuses its prefix', async () => {
    const file = path.join(dir, 'tiny-bos.gguf');
    writeTinyGguf(file, { vocabularyText: WORDS, addBos: true });
    const lines: string[] = [];
    const e = engine(file, lines);
    const base = { instructions: 'the design has no plan for payment retries '.repeat(80), review: 'so a failure there is not handled '.repeat(80) };
    const a = await e.generate({ ...base, task: 'answer verdict reason' }, schema(200), 200, 1234);
    const b = await e.generate({ ...base, task: 'answer detected partial' }, schema(200), 200, 1235);
    const again = await e.generate({ ...base, task: 'answer verdict reason' }, schema(200), 200, 1234);
    expect(a.stats.evaluatedTokens).toBe(a.stats.promptTokens);
    expect(a.stats.prefixEvaluated).toBeGreaterThan(a.stats.promptTokens * 0.9);
    // Measured by the meter: the second unit evaluated its task only.
    expect(b.stats.evaluatedTokens).toBeLessThan(b.stats.promptTokens / 10);
    expect(b.stats.reusedTokens).toBe(b.stats.promptTokens - b.stats.evaluatedTokens);
    expect(b.stats.prefixEvaluated).toBe(0);
    expect(lines.filter((l) => /were planned/.test(l))).toEqual([]);
    // The same prompt and seed after another prompt: the same answer (fixed evaluation stages).
    expect(again.text).toBe(a.text);
  }, 120_000);
});

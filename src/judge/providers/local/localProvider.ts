/**
 * The embedded local judge (`--judge local:<path.gguf>`): a GGUF model run in-process by llama.cpp
 * (node-llama-cpp), its answer constrained by a grammar built from the same JSON schema the API
 * judges get (bounded to the output budget), then validated with zod by the engine as usual. No key,
 * no server; nothing leaves the machine.
 */
import { InputError, JudgeError } from '../../../errors.ts';
import type { JudgePrompt, OutputSchema, Provider, ProviderRequest, ProviderResult } from '../../../types/Provider.ts';
import { clampOutputTokens } from '../clampOutputTokens.ts';
import { LocalEngine, type LocalEngineOptions } from './LocalEngine.ts';
import { LOCAL_OUTPUT_TOKENS, localBody, seedOf, type LocalBody } from './localRequest.ts';

/** The base URL recorded for local judges (no server): part of the cache identity like any other. */
export const LOCAL_BASE_URL = 'local';

/** A local model file, resolved and hashed before the job plans its requests. */
export interface LocalModelFile {
  path: string;
  sha256: string;
}

/** What a local judge is built from. */
export interface LocalProviderInit {
  /** `local:<spec>` as the user wrote it. */
  id: string;
  file: LocalModelFile;
  /** `--max-tokens`: the output budget of a request (default LOCAL_OUTPUT_TOKENS.budget). */
  maxTokens?: number;
  engine: Omit<LocalEngineOptions, 'modelPath'>;
}

/** Builds the provider; the model loads at the first send. */
export function createLocalProvider(init: LocalProviderInit): Provider & { engine: LocalEngine } {
  const engine = new LocalEngine({ ...init.engine, modelPath: init.file.path });
  const budget = init.maxTokens ?? LOCAL_OUTPUT_TOKENS.budget;
  const max = Math.max(budget, LOCAL_OUTPUT_TOKENS.max);
  // An answer that fails validation is asked again with the same key: the attempt moves its seed.
  const attempts = new Map<string, number>();
  return {
    id: init.id,
    kind: 'local',
    // The digest, not the path: a moved or renamed file is the same judge, an edited one another.
    model: `sha256:${init.file.sha256}`,
    baseURL: LOCAL_BASE_URL,
    maxSamplesPerRequest: 1,
    outputTokens: { budget, max },
    engine,

    buildRequest(prompt: JudgePrompt, schema: OutputSchema, samples: number, maxOutputTokens?: number): ProviderRequest {
      const body = localBody(init.file.sha256, prompt, schema, clampOutputTokens(maxOutputTokens, budget, max));
      return { body: body as unknown as Record<string, unknown>, samples };
    },

    reserve(request: ProviderRequest): void {
      const body = request.body as unknown as LocalBody;
      engine.reserve(body.prompt, body.maxTokens);
    },

    async send(request: ProviderRequest, signal?: AbortSignal): Promise<ProviderResult> {
      const body = request.body as unknown as LocalBody;
      const key = request.voteKeys?.[0];
      if (request.samples !== 1 || !key) throw new RangeError(`${init.id}: one sample per request, seeded by its vote key (got ${request.samples}, key ${key ? 'given' : 'missing'})`);
      const attempt = attempts.get(key) ?? 0;
      attempts.set(key, attempt + 1);
      const seed = seedOf(key, attempt);
      let out;
      try {
        out = await engine.generate(body.prompt, { name: body.schema.name, jsonSchema: body.schema.jsonSchema }, body.maxTokens, seed, signal);
      } catch (e) {
        if (e instanceof JudgeError) throw e;
        // The runtime or the model cannot be had (not installed, not loadable): no other request can do better.
        if (e instanceof InputError) throw new JudgeError(`${init.id}: ${e.format()}`, 'api-error', undefined, { cause: e, fatal: { status: 0, fix: 'fix the local judge setup named above, then run again' } });
        throw new JudgeError(`${init.id}: ${e instanceof Error ? e.message : String(e)}`, 'api-error', undefined, { cause: e });
      }
      const { text, stats } = out;
      const cut = stats.stopReason === 'maxTokens';
      return {
        samples: [cut ? { ok: false, kind: 'truncated', message: 'output hit the token limit before the JSON was complete', rawText: text } : { ok: true, rawText: text }],
        raw: { model: `local:${init.file.sha256.slice(0, 12)}`, seed, attempt, ...stats },
        // Reused prompt tokens are the KV cache's "cached" reads; a newly evaluated prefix is its "write".
        usage: { inputTokens: stats.promptTokens, outputTokens: stats.outputTokens, cachedInputTokens: stats.reusedTokens, cacheWriteTokens: stats.prefixEvaluated },
        latencyMs: stats.ms,
      };
    },
  };
}

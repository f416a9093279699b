/**
 * The request body of a local judge: not a wire body but a canonical description of everything that
 * determines the answer, so the cache key covers exactly that: the model file's digest, the runtime,
 * the chat wrapper, the messages, the bounded schema and the sampling settings with the output budget.
 * Threads and GPU offload are not in it (like concurrency for the API judges): they change how fast,
 * not what is asked.
 */
import { InputError } from '../../../errors.ts';
import type { JudgePrompt, OutputSchema } from '../../../types/Provider.ts';
import { boundedSchema, type Bounds } from './boundedSchema.ts';
import { CHAT_WRAPPER } from './chatml.ts';

/** The runtime the install command pins; another version may sample differently, so it is keyed. */
export const LOCAL_RUNTIME = 'node-llama-cpp@3.21.1';

/**
 * Sampling of every vote: llama.cpp's usual defaults. A temperature above zero makes the k votes
 * independent samples; each is seeded from its own cache key (see seedOf), so a run is reproducible.
 * No repeat penalty: LlamaCompletion's default (1.1 over the last 64 tokens) would push a JSON answer
 * away from the quotes, braces and key names it must repeat; `false` is its documented off
 * (LlamaCompletionGenerationOptions.repeatPenalty in node-llama-cpp 3.21.1).
 */
export const LOCAL_SAMPLING = { temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05, repeatPenalty: false } as const;

/** Output tokens a local judge is asked for unless `--max-tokens` says otherwise, and the most a task may ask. */
export const LOCAL_OUTPUT_TOKENS = { budget: 2048, max: 16384 } as const;

/** The body of a local request, as hashed into its cache key. */
export interface LocalBody {
  runtime: string;
  model: { sha256: string };
  wrapper: string;
  /** The prompt's three parts, wrapped by `wrapper` (system: instructions; user: review, separator, task). */
  prompt: JudgePrompt;
  /** The schema as bounded for the grammar, and the bounds chosen (per field; see boundedSchema). */
  schema: { name: string; jsonSchema: Record<string, unknown>; bounds: Bounds };
  sampling: typeof LOCAL_SAMPLING;
  maxTokens: number;
}

/** Pure: the body for one prompt. */
export function localBody(sha256: string, prompt: JudgePrompt, schema: OutputSchema, maxTokens: number): LocalBody {
  const bounded = boundedSchema(schema.jsonSchema, maxTokens);
  if (!bounded) throw new InputError(`an output budget of ${maxTokens} tokens cannot hold any ${schema.name} answer: raise --max-tokens`);
  return {
    runtime: LOCAL_RUNTIME,
    model: { sha256 },
    wrapper: CHAT_WRAPPER,
    prompt: { instructions: prompt.instructions, review: prompt.review, task: prompt.task },
    schema: { name: schema.name, jsonSchema: bounded.schema, bounds: bounded.bounds },
    sampling: LOCAL_SAMPLING,
    maxTokens,
  };
}

/**
 * Pure: the seed of one sample, from the vote's cache key (which already holds the body, the vote
 * index and the salt: `--fresh` draws other seeds) and the attempt (an invalid answer asked again
 * must not repeat itself). 31 bits: llama.cpp takes a uint32 and node-llama-cpp a JS number.
 */
export function seedOf(voteKey: string, attempt: number): number {
  let h = 0x811c9dc5;
  for (const ch of `${voteKey}#${attempt}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}

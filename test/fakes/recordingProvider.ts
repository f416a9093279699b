/**
 * An in-memory Provider for engine tests: the AI SDK's "recording fake model" idea. It speaks no
 * wire protocol and mocks no module; a script decides each answer and every `send` is recorded.
 */
import type {
  JudgePrompt,
  OutputSchema,
  OutputTokens,
  Provider,
  ProviderKind,
  ProviderRequest,
  ProviderResult,
  SampleResult,
  Usage,
} from '../../src/types/Provider.ts';
import { clampOutputTokens } from '../../src/judge/providers/clampOutputTokens.ts';

/** Decides the answer to the callIndex-th `send` (0-based); throw a JudgeError for a whole-request failure. */
export type RecordingScript = (request: ProviderRequest, callIndex: number) => ProviderResult | Promise<ProviderResult>;

/** One `send` as the provider saw it (a copy: later mutations by the caller do not show here). */
export interface RecordedCall {
  body: Record<string, unknown>;
  samples: number;
  /** The prompt-prefix group the engine named (sent as OpenAI's prompt_cache_key), when it named one. */
  cacheHint?: string;
}

/** A Provider that also exposes what it was asked. */
export interface RecordingProvider extends Provider {
  readonly calls: RecordedCall[];
}

export interface RecordingOptions {
  kind?: ProviderKind;
  model?: string;
  baseURL?: string;
  /** 1 (default) behaves like an endpoint without `n`; more like OpenAI. */
  maxSamplesPerRequest?: number;
  /** Output-token limits: the body then carries `max_tokens` (the task's budget, clamped like the real providers). */
  outputTokens?: OutputTokens;
}

/** Usage every scripted answer reports unless it says otherwise. */
export const FAKE_USAGE: Usage = { inputTokens: 1000, outputTokens: 50, cachedInputTokens: 800, cacheWriteTokens: 0 };

/** Builds the recording provider; `id` is `kind:model` like the real ones. */
export function createRecordingProvider(script: RecordingScript, opts: RecordingOptions = {}): RecordingProvider {
  const kind = opts.kind ?? 'openai-compatible';
  const model = opts.model ?? 'fake-model';
  const baseURL = opts.baseURL ?? 'http://fake.invalid/v1';
  const maxSamplesPerRequest = opts.maxSamplesPerRequest ?? 1;
  if (!Number.isInteger(maxSamplesPerRequest) || maxSamplesPerRequest < 1) {
    throw new RangeError(`maxSamplesPerRequest must be a positive integer, got ${maxSamplesPerRequest}`);
  }
  const calls: RecordedCall[] = [];
  return {
    id: `${kind}:${model}`,
    kind,
    model,
    baseURL,
    maxSamplesPerRequest,
    calls,
    ...(opts.outputTokens ? { outputTokens: opts.outputTokens } : {}),
    buildRequest(prompt: JudgePrompt, schema: OutputSchema, samples: number, maxOutputTokens?: number): ProviderRequest {
      const limits = opts.outputTokens;
      return {
        body: {
          model,
          ...(limits ? { max_tokens: clampOutputTokens(maxOutputTokens, limits.budget, limits.max) } : {}),
          system: prompt.instructions,
          messages: [{ role: 'user', content: `${prompt.review}\n\n${prompt.task}` }],
          schema: { name: schema.name, jsonSchema: schema.jsonSchema },
        },
        samples,
      };
    },
    async send(request: ProviderRequest): Promise<ProviderResult> {
      if (!Number.isInteger(request.samples) || request.samples < 1 || request.samples > maxSamplesPerRequest) {
        throw new RangeError(`${kind}:${model}: ${request.samples} samples asked, 1..${maxSamplesPerRequest} allowed`);
      }
      const index = calls.length;
      calls.push({ body: structuredClone(request.body), samples: request.samples, ...(request.cacheHint ? { cacheHint: request.cacheHint } : {}) });
      return script(request, index);
    },
  };
}

/** One sample as a script writes it: an object (sent as JSON), raw text, or a ready SampleResult. */
export type SampleSpec = object | string | SampleResult;

function isSampleResult(s: SampleSpec): s is SampleResult {
  return typeof s === 'object' && s !== null && 'ok' in s && typeof (s as { ok: unknown }).ok === 'boolean';
}

/** A ProviderResult with the given samples. */
export function answer(samples: SampleSpec[], usage: Usage = FAKE_USAGE): ProviderResult {
  const shaped = samples.map((s): SampleResult => {
    if (typeof s === 'string') return { ok: true, rawText: s };
    if (isSampleResult(s)) return s;
    return { ok: true, rawText: JSON.stringify(s) };
  });
  return { samples: shaped, raw: { fake: true, samples: shaped.length }, usage, latencyMs: 5 };
}

/**
 * A script that hands out `samples` one per requested sample, in order, across calls: a request
 * for 3 samples takes the next 3. Running out is a test bug and throws a plain Error.
 */
export function sampleQueue(samples: SampleSpec[]): RecordingScript {
  let next = 0;
  return (request) => {
    const taken = samples.slice(next, next + request.samples);
    next += request.samples;
    if (taken.length < request.samples) throw new Error(`sampleQueue: script ran out after ${samples.length} samples`);
    return answer(taken);
  };
}

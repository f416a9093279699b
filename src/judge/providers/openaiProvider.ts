/** The OpenAI (and OpenAI-compatible) judge provider, on the official `openai` SDK. */
import type OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions/completions';
import type { JudgePrompt, OutputSchema, Provider, ProviderRequest, ProviderResult, SampleResult, Usage } from '../../types/Provider.ts';
import type { ModelEntry } from '../../types/ModelCatalogue.ts';
import { clampOutputTokens } from './clampOutputTokens.ts';
import { openAIQuirks } from './openaiQuirks.ts';
import { isJsonSchemaRejection, jsonObjectBody } from './jsonObjectFallback.ts';
import { apiDetail, judgeErrorFromSdk, malformedResponse } from './providerErrors.ts';
import { openAIBatchApi } from './openaiBatch.ts';

/** The base URL the SDK uses when none is given. */
export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/**
 * Joins the review and the task in the user message. A single string, not two content parts:
 * servers flatten parts with whatever their chat template uses (nothing, "\n", or a rejection
 * on older local servers), whereas a string makes every byte ours. The review and this
 * separator are the first bytes of the user message, so the prefix (system + review) is
 * byte-identical for every unit of a review and prefix caching applies.
 */
export const REVIEW_TASK_SEPARATOR = '\n\n';

/** Sent when a local server needs no key: the SDK refuses to start without one, the server ignores it. */
export const PLACEHOLDER_API_KEY = 'not-needed';

/** Options for one OpenAI-protocol judge. */
export interface OpenAIProviderOptions {
  kind: 'openai' | 'openai-compatible';
  model: string;
  apiKey?: string;
  baseURL?: string;
  timeoutMs: number;
  maxRetries: number;
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Overrides the quirks' default output budget. */
  maxOutputTokens?: number;
  /** Samples one request may ask for (`n`); from the provider registry, else 8 on OpenAI and 1 elsewhere. */
  samplesPerRequest?: number;
  /** Send the review's prompt-cache routing key; from the provider registry, else on OpenAI only. */
  promptCacheKey?: boolean;
  /** The model's catalogue entry (OpenAI): temperature, output parameter and budget, effort, `n`. */
  entry?: ModelEntry;
  /** Reasoning effort to send (already checked against the entry's values). */
  effort?: string | null;
  /** Monotonic milliseconds, injectable so latency is testable. */
  clock?: () => number;
}

// Imported at the first request, once per process: a run judged by another provider, a dry run or
// `--help` never pays the SDK's load time.
let sdk: Promise<typeof import('openai')> | undefined;
const loadSdk = () => (sdk ??= import('openai'));

/** Builds a Provider that speaks Chat Completions with strict JSON-schema output (json_object on local servers that reject it). */
export function createOpenAIProvider(opts: OpenAIProviderOptions): Provider {
  const { kind, model } = opts;
  if (kind === 'openai-compatible' && !opts.baseURL) {
    throw new TypeError('openai-compatible providers need an explicit baseURL');
  }
  // Resolved here rather than left to the SDK, which would read process.env behind our back.
  const baseURL = opts.baseURL ?? OPENAI_DEFAULT_BASE_URL;
  const apiKey = opts.apiKey ?? PLACEHOLDER_API_KEY;
  const id = `${kind}:${model}`;
  const clock = opts.clock ?? (() => performance.now());
  const quirks = openAIQuirks(kind, model, { ...(opts.maxOutputTokens !== undefined ? { maxOutputTokens: opts.maxOutputTokens } : {}), ...(opts.entry ? { entry: opts.entry } : {}), effort: opts.effort ?? null });
  let client: OpenAI | undefined;
  const newClient = (m: typeof import('openai')) =>
    new m.OpenAI({
      apiKey,
      baseURL,
      timeout: opts.timeoutMs,
      maxRetries: opts.maxRetries,
      // Org and project ids from the environment belong to api.openai.com, not to a third-party server.
      ...(kind === 'openai-compatible' ? { organization: null, project: null } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  const errorContext = {
    who: id,
    timeoutMs: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    secrets: apiKey === PLACEHOLDER_API_KEY ? [] : [apiKey],
  };
  // Local servers often ignore or reject `n`; one sample per request is always understood.
  // A catalogued model without a documented `n` gets one sample per request: never a rejected call.
  const maxSamplesPerRequest = opts.entry && !opts.entry.n ? 1 : (opts.samplesPerRequest ?? (kind === 'openai' ? 8 : 1));
  const sendCacheKey = opts.promptCacheKey ?? kind === 'openai';
  // Once a local server has rejected json_schema, it will for the rest of the run: ask json_object
  // straight away instead of paying a rejected request each time. Never for api.openai.com.
  let jsonObjectOnly = false;

  return {
    id,
    kind,
    model,
    baseURL,
    maxSamplesPerRequest,
    // Local servers have no batch endpoint; api.openai.com (and servers registered as `openai`) do.
    ...(kind === 'openai' ? { batch: openAIBatchApi({ sdk: loadSdk, client: (m) => (client ??= newClient(m)), wireBody: (r) => wireBody(r), read: (raw) => readCompletion(raw), errors: errorContext }) } : {}),
    outputTokens: { budget: quirks.maxOutputTokens, max: quirks.maxAllowedOutputTokens },

    buildRequest(prompt: JudgePrompt, schema: OutputSchema, samples: number, maxOutputTokens?: number): ProviderRequest {
      const body: Record<string, unknown> = {
        model,
        messages: [
          { role: 'system', content: prompt.instructions },
          { role: 'user', content: prompt.review + REVIEW_TASK_SEPARATOR + prompt.task },
        ],
        response_format: {
          type: 'json_schema',
          json_schema: { name: schema.name, strict: true, schema: schema.jsonSchema },
        },
        ...(quirks.temperature === undefined ? {} : { temperature: quirks.temperature }),
        ...(quirks.reasoningEffort === undefined ? {} : { reasoning_effort: quirks.reasoningEffort }),
        [quirks.maxTokensField]: clampOutputTokens(maxOutputTokens, quirks.maxOutputTokens, quirks.maxAllowedOutputTokens),
      };
      return { body, samples };
    },

    async send(request: ProviderRequest, signal?: AbortSignal): Promise<ProviderResult> {
      if (request.samples < 1 || request.samples > maxSamplesPerRequest) {
        throw new RangeError(`${id}: ${request.samples} samples asked, 1..${maxSamplesPerRequest} allowed`);
      }
      const body = wireBody(request);
      const m = await loadSdk();
      const c = (client ??= newClient(m));
      const create = (wire: Record<string, unknown>) =>
        c.chat.completions.create(wire as unknown as ChatCompletionCreateParamsNonStreaming, { ...(signal ? { signal } : {}) });
      const started = clock();
      let completion: ChatCompletion;
      // The fallback body is a transport detail like `n`: the caller keyed the vote on the planned
      // (json_schema) body, so a rerun finds the same cache entries whichever shape was sent.
      let fallback = kind === 'openai-compatible' && jsonObjectOnly;
      try {
        completion = await create(fallback ? jsonObjectBody(body) : body);
      } catch (err) {
        const rejected = kind === 'openai-compatible' && !fallback && err instanceof m.APIError && isJsonSchemaRejection(err.status, apiDetail(err));
        if (!rejected) throw judgeErrorFromSdk(err, m, errorContext);
        jsonObjectOnly = true;
        fallback = true;
        try {
          completion = await create(jsonObjectBody(body));
        } catch (again) {
          throw judgeErrorFromSdk(again, m, errorContext);
        }
      }
      const latencyMs = clock() - started;
      return { ...readCompletion(completion), latencyMs, ...(fallback ? { fallback: 'json_object' as const } : {}) };
    },
  };

  /** The body on the wire: `n` and the prompt-cache routing key ride here only, neither is part of a vote's cache key. */
  function wireBody(request: ProviderRequest): Record<string, unknown> {
    // prompt_cache_key (one per review) routes a review's requests to the machine that holds its
    // prefix (https://platform.openai.com/docs/guides/prompt-caching); local servers never get it.
    return {
      ...request.body,
      ...(request.samples > 1 ? { n: request.samples } : {}),
      ...(sendCacheKey && request.cacheHint ? { prompt_cache_key: request.cacheHint } : {}),
    };
  }

  /** An answer's samples and usage, from the completion (interactive or a batch's output line). */
  function readCompletion(raw: unknown): { samples: SampleResult[]; usage: Usage; raw: unknown } {
    const completion = raw as ChatCompletion;
    // A non-JSON 200 comes back from the SDK as a string; proxies do that.
    if (typeof completion !== 'object' || completion === null || !Array.isArray(completion.choices)) {
      throw malformedResponse(id, completion);
    }
    // Servers that ignore `n` answer with fewer choices; the engine sees fewer samples, not an error.
    const samples = [...completion.choices].sort((a, b) => a.index - b.index).map(sampleOf);
    if (samples.length === 0) throw malformedResponse(id, 'no choices');
    return { samples, raw: completion, usage: usageOf(completion) };
  }
}

function sampleOf(choice: ChatCompletion.Choice): SampleResult {
  const content = choice.message?.content ?? null;
  const partial = content === null ? {} : { rawText: content };
  if (choice.message?.refusal) {
    return { ok: false, kind: 'refusal', message: `model refused: ${choice.message.refusal}`, ...partial };
  }
  if (choice.finish_reason === 'content_filter') {
    return { ok: false, kind: 'refusal', message: 'output withheld by the content filter', ...partial };
  }
  if (choice.finish_reason === 'length') {
    return { ok: false, kind: 'truncated', message: 'output hit the token limit before the JSON was complete', ...partial };
  }
  if (content === null) {
    return { ok: false, kind: 'invalid-output', message: `no content (finish_reason ${choice.finish_reason})` };
  }
  // Parsing and schema validation are the engine's job; here the text passes through untouched.
  return { ok: true, rawText: content };
}

/** Normalised so inputTokens is every prompt token, cached and cache-written ones included. */
function usageOf(completion: ChatCompletion): Usage {
  const u = completion.usage;
  return {
    inputTokens: u?.prompt_tokens ?? 0,
    outputTokens: u?.completion_tokens ?? 0,
    cachedInputTokens: u?.prompt_tokens_details?.cached_tokens ?? 0,
    cacheWriteTokens: u?.prompt_tokens_details?.cache_write_tokens ?? 0,
  };
}

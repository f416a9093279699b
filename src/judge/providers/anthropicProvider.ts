/** The Anthropic judge provider, on the official `@anthropic-ai/sdk`. */
import type Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ModelEntry } from '../../types/ModelCatalogue.ts';
import type { JudgePrompt, OutputSchema, Provider, ProviderRequest, ProviderResult, SampleResult, Usage } from '../../types/Provider.ts';
import { clampOutputTokens } from './clampOutputTokens.ts';
import { judgeErrorFromSdk, malformedResponse } from './providerErrors.ts';
import { anthropicBatchApi } from './anthropicBatch.ts';

/** The base URL the SDK uses when none is given (the SDK appends /v1/messages). */
export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * Output budget. Newer models may think adaptively when `thinking` is omitted, and thinking
 * tokens count against max_tokens, so this leaves room beyond the verdict itself.
 */
export const ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS = 8192;

/** Options for one Anthropic judge. */
export interface AnthropicProviderOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  timeoutMs: number;
  maxRetries: number;
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  maxOutputTokens?: number;
  /** The model's catalogue entry: output budget and whether it takes `output_config.effort`. */
  entry?: ModelEntry;
  /** Effort to send (already checked against the entry's values). */
  effort?: string | null;
  /** Monotonic milliseconds, injectable so latency is testable. */
  clock?: () => number;
}

// Imported at the first request, once per process: a run judged by another provider, a dry run or
// `--help` never pays the SDK's load time.
let sdk: Promise<typeof import('@anthropic-ai/sdk')> | undefined;
const loadSdk = () => (sdk ??= import('@anthropic-ai/sdk'));

/**
 * Builds a Provider using native structured outputs (`output_config.format`, typed on the
 * stable messages.create in this SDK): the answer arrives as a text block holding the JSON,
 * the same raw-text path as OpenAI, with no tool-call plumbing.
 *
 * No `temperature` is sent: the SDK's MessageCreateParams no longer has one (the API
 * deprecated it for current models), so votes differ by the model's own default sampling.
 */
export function createAnthropicProvider(opts: AnthropicProviderOptions): Provider {
  const { model } = opts;
  // Resolved here rather than left to the SDK, which would read process.env behind our back.
  const baseURL = opts.baseURL ?? ANTHROPIC_DEFAULT_BASE_URL;
  const id = `anthropic:${model}`;
  const clock = opts.clock ?? (() => performance.now());
  const maxTokens = opts.maxOutputTokens ?? opts.entry?.outputBudget ?? ANTHROPIC_DEFAULT_MAX_OUTPUT_TOKENS;
  // Beyond the default only up to the documented maximum: a larger max_tokens is an HTTP 400.
  const maxAllowed = Math.max(maxTokens, opts.entry?.maxOutputTokens ?? maxTokens);
  // Thinking is adaptive on current models and counts against max_tokens: the effort bounds it.
  const effort = opts.entry?.effort ? (opts.effort ?? undefined) : undefined;
  let client: Anthropic | undefined;
  const newClient = (m: typeof import('@anthropic-ai/sdk')) =>
    new m.Anthropic({
      // Passed explicitly so the SDK does not read ANTHROPIC_API_KEY from process.env behind the caller's env.
      apiKey: opts.apiKey ?? null,
      baseURL,
      timeout: opts.timeoutMs,
      maxRetries: opts.maxRetries,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  const errorContext = {
    who: id,
    timeoutMs: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    secrets: opts.apiKey ? [opts.apiKey] : [],
  };

  return {
    id,
    kind: 'anthropic',
    model,
    baseURL,
    // The Messages API has no `n`.
    maxSamplesPerRequest: 1,
    batch: anthropicBatchApi({ sdk: loadSdk, client: (m) => (client ??= newClient(m)), read: (raw) => readMessage(raw), errors: errorContext }),
    outputTokens: { budget: maxTokens, max: maxAllowed },

    buildRequest(prompt: JudgePrompt, schema: OutputSchema, samples: number, maxOutputTokens?: number): ProviderRequest {
      const body: Record<string, unknown> = {
        model,
        max_tokens: clampOutputTokens(maxOutputTokens, maxTokens, maxAllowed),
        system: prompt.instructions,
        messages: [
          {
            role: 'user',
            content: [
              // The breakpoint sits after system + review: every unit of that review reads them from cache.
              { type: 'text', text: prompt.review, cache_control: { type: 'ephemeral' } },
              { type: 'text', text: prompt.task },
            ],
          },
        ],
        // JSONOutputFormat has no name field; schema.name only matters to OpenAI.
        output_config: { format: { type: 'json_schema', schema: schema.jsonSchema }, ...(effort ? { effort } : {}) },
      };
      return { body, samples };
    },

    async send(request: ProviderRequest, signal?: AbortSignal): Promise<ProviderResult> {
      if (request.samples !== 1) {
        throw new RangeError(`${id}: ${request.samples} samples asked, the Messages API gives 1 per request`);
      }
      const m = await loadSdk();
      client ??= newClient(m);
      const started = clock();
      let message: Message;
      try {
        message = await client.messages.create(request.body as unknown as MessageCreateParamsNonStreaming, {
          ...(signal ? { signal } : {}),
        });
      } catch (err) {
        throw judgeErrorFromSdk(err, m, errorContext);
      }
      const latencyMs = clock() - started;
      return { ...readMessage(message), latencyMs };
    },
  };

  /** An answer's sample and usage, from the message (interactive, or a batch's succeeded result). */
  function readMessage(raw: unknown): { samples: SampleResult[]; usage: Usage; raw: unknown } {
    const message = raw as Message;
    if (typeof message !== 'object' || message === null || !Array.isArray(message.content)) {
      throw malformedResponse(id, message);
    }
    return { samples: [sampleOf(message)], raw: message, usage: usageOf(message) };
  }
}

function sampleOf(message: Message): SampleResult {
  // Thinking blocks may precede the answer; only text blocks carry the JSON.
  const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  const partial = text === '' ? {} : { rawText: text };
  switch (message.stop_reason) {
    case 'end_turn':
    case 'stop_sequence':
    case null:
      return { ok: true, rawText: text };
    case 'refusal': {
      const why = message.stop_details?.explanation ?? message.stop_details?.category ?? 'no explanation given';
      return { ok: false, kind: 'refusal', message: `model refused: ${why}`, ...partial };
    }
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { ok: false, kind: 'truncated', message: `output stopped early (${message.stop_reason})`, ...partial };
    default:
      return { ok: false, kind: 'invalid-output', message: `unexpected stop_reason ${message.stop_reason}`, ...partial };
  }
}

/** Normalised like OpenAI's: inputTokens counts every prompt token, cache reads and writes included. */
function usageOf(message: Message): Usage {
  const u = message.usage;
  const cached = u?.cache_read_input_tokens ?? 0;
  const written = u?.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (u?.input_tokens ?? 0) + cached + written,
    outputTokens: u?.output_tokens ?? 0,
    cachedInputTokens: cached,
    cacheWriteTokens: written,
  };
}

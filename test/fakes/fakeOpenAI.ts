/** A fake OpenAI Chat Completions server, realistic enough for the real `openai` SDK to parse. */
import { estimateTokens } from '../../src/judge/estimateTokens.ts';
import { messagesText } from '../../src/run/truncatedInput.ts';
import { openAIViolation, playsOpenAI, servedModel, type ModelFacts, type OpenAIContract } from './openaiContract.ts';
import { approxTokens, startFake, type ChoiceSpec, type FakeServer, type FakeUsage, type Script, type WireShaper } from './fakeServer.ts';

/** llama.cpp server's wording when a schema cannot be used alongside its grammar. */
export const LLAMA_CPP_JSON_SCHEMA_ERROR = 'Either "json_schema" or "grammar" can be specified, but not both';

/**
 * Prompt tokens of a reply: the script's, else the fixed 1812, else (counting) as a server would count
 * them — at least 1812, more for a longer prompt — cut at the context window if any.
 */
function promptTokens(body: any, usage: Partial<FakeUsage> | undefined, opts: FakeOpenAIOptions): number {
  if (usage?.input !== undefined) return usage.input;
  if (!opts.countPromptTokens && opts.contextWindow === undefined) return 1812;
  const sent = Math.max(1812, estimateTokens(messagesText(body ?? {})));
  return opts.contextWindow === undefined ? sent : Math.min(sent, opts.contextWindow);
}

let serial = 0;

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
  500: 'server_error',
  503: 'server_error',
};

function choiceOf(spec: ChoiceSpec, index: number) {
  const message = { role: 'assistant', content: null as string | null, refusal: null as string | null, annotations: [] };
  let finish_reason = 'stop';
  if ('output' in spec) message.content = JSON.stringify(spec.output);
  else if ('text' in spec) message.content = spec.text;
  else if ('refusal' in spec) message.refusal = spec.refusal;
  else if ('length' in spec) {
    message.content = spec.length;
    finish_reason = 'length';
  } else finish_reason = 'content_filter';
  return { index, message, logprobs: null, finish_reason };
}

const shaperFor = (opts: FakeOpenAIOptions): WireShaper => ({
  paths: ['/v1/chat/completions', '/chat/completions'],
  content(choices, usage, body) {
    const shaped = choices.map(choiceOf);
    const completion = shaped.reduce((sum, c) => sum + approxTokens(c.message.content ?? c.message.refusal ?? ''), 0);
    const input = promptTokens(body, usage, opts);
    // Ollama reports no cached tokens on /v1 (https://github.com/ollama/ollama/issues/8008).
    const cached = opts.contextWindow === undefined ? 1536 : 0;
    const u: FakeUsage = { output: completion, cached, cacheWrite: 0, ...usage, input };
    serial += 1;
    return {
      status: 200,
      headers: { 'x-request-id': `req_fake${serial}`, 'openai-processing-ms': '412' },
      body: {
        id: `chatcmpl-fake${serial}`,
        object: 'chat.completion',
        created: 1_767_225_600 + serial,
        model: typeof body?.model === 'string' ? servedModel(body.model) : 'gpt-4.1-mini-2025-04-14',
        choices: shaped,
        usage: {
          prompt_tokens: u.input,
          completion_tokens: u.output,
          total_tokens: u.input + u.output,
          prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0, ...(u.cacheWrite ? { cache_write_tokens: u.cacheWrite } : {}) },
          completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        },
        service_tier: 'default',
        system_fingerprint: 'fp_fake0001',
      },
    };
  },
  error(status, body, headers) {
    serial += 1;
    return {
      status,
      headers: { 'x-request-id': `req_fake${serial}`, ...headers },
      body: body ?? {
        error: {
          message: status === 429 ? 'Rate limit reached for requests' : `The server had an error (HTTP ${status}).`,
          type: ERROR_TYPES[status] ?? 'server_error',
          param: null,
          code: status === 429 ? 'rate_limit_exceeded' : null,
        },
      },
    };
  },
});

/** How a fake OpenAI server checks requests before its script sees them, and which local server it plays. */
export interface FakeOpenAIOptions {
  /**
   * 'openai': every request must satisfy api.openai.com's rules (an unknown model is a 404);
   * 'local': accepts any model and parameter, like Ollama, vLLM or llama.cpp serving whatever they loaded;
   * 'by-model' (default): OpenAI's rules for OpenAI-namespace ids (gpt-*, o3, …), local for the rest —
   * so one fake can serve an `openai:` and an `openai-compatible:` judge in the same run.
   */
  contract?: OpenAIContract;
  /** The day the contract is judged on (shutdowns); defaults to the real clock. */
  now?: () => Date;
  /** Models the provider serves beyond the fake's list (a model released after the product's catalogue), same rules. */
  extraModels?: Readonly<Record<string, ModelFacts>>;
  /** The snapshot named in the n-th answer's `model` (an alias switching snapshots mid-run); default: the id's snapshot. */
  servedAs?: (answer: number) => string;
  /**
   * prompt_tokens track the prompt as a real server's do (the truncation check of openai-compatible
   * judges compares them with the prompt). Off by default: a fixed 1812, which golden reports hold.
   */
  countPromptTokens?: boolean;
  /**
   * Like Ollama with its default context: prompt_tokens never exceeds this many (the rest of the
   * prompt is dropped silently). Ollama runs with 4096 below 24 GiB of VRAM unless
   * OLLAMA_CONTEXT_LENGTH raises it:
   * https://raw.githubusercontent.com/ollama/ollama/948f69330acf96a2310f1b53fdfc211731a386d8/docs/context-length.mdx
   */
  contextWindow?: number;
  /**
   * Like a llama.cpp server build that cannot take `response_format: json_schema`: such a request gets
   * HTTP 400 with this message (`true`: mainline's wording, seen in user notes of llama.cpp b4641), and
   * `json_object` is served as usual. Older forks word it `response_format type must be one of "text"
   * or "json_object"` (https://github.com/ikawrakow/ik_llama.cpp/issues/778).
   */
  rejectJsonSchema?: boolean | string;
}

/** Starts a fake serving POST /v1/chat/completions (and /chat/completions for base URLs without /v1). */
export function startFakeOpenAI(script: Script, opts: FakeOpenAIOptions = {}): Promise<FakeServer> {
  const contract = opts.contract ?? 'by-model';
  const now = opts.now ?? (() => new Date());
  let answers = 0;
  const shaper = shaperFor(opts);
  const reject = opts.rejectJsonSchema === true ? LLAMA_CPP_JSON_SCHEMA_ERROR : opts.rejectJsonSchema || null;
  // The rejection comes before the script, as the server validates the body before generating.
  const guarded: Script = reject
    ? (body, index) => (body?.response_format?.type === 'json_schema' ? { type: 'status', status: 400, body: { error: { code: 400, message: reject, type: 'invalid_request_error' } } } : script(body, index))
    : script;
  return startFake(guarded, {
    ...shaper,
    content(choices, usage, body) {
      const shaped = shaper.content(choices, usage, body);
      const n = answers++;
      return opts.servedAs ? { ...shaped, body: { ...(shaped.body as object), model: opts.servedAs(n) } } : shaped;
    },
    check(body) {
      if (!playsOpenAI(contract, (body as { model?: unknown } | null)?.model)) return undefined;
      const violation = openAIViolation(body, now().toISOString().slice(0, 10), opts.extraModels);
      return violation && shaper.error(violation.status, violation.body, undefined);
    },
  });
}

/**
 * The request rules api.openai.com enforces on Chat Completions, as far as public sources state
 * them (facts and sources: /work/research-models.md, section A). "[3p]" marks a rule or an error
 * text known only from a third-party page; the fake follows it because nothing official says otherwise.
 */

/** Who the fake OpenAI server plays: api.openai.com, a local openai-compatible server, or either by model name. */
export type OpenAIContract = 'openai' | 'local' | 'by-model';

/** A rejected request: the HTTP status and the `{ error }` body api.openai.com answers with. */
export interface OpenAIViolation {
  status: number;
  body: { error: { message: string; type: string; param: string | null; code: string | null } };
}

type Effort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** What the fake knows of one model id. */
export interface ModelFacts {
  /** Reasoning models reject temperature and max_tokens; non-reasoning ones reject reasoning_effort. */
  efforts: readonly Effort[] | null;
  /** First day the model answers 404 (YYYY-MM-DD); absent while no shutdown is announced. */
  shutdown?: string;
  /** Most output tokens a request may ask for; absent where our sources do not say (nothing is enforced then). */
  maxOutput?: number;
}

// Effort lists: official model pages / models page (research A2).
// https://developers.openai.com/api/docs/models and the per-model pages, e.g.
// https://developers.openai.com/ja-JP/api/docs/models/gpt-6-luna
const TOP: readonly Effort[] = ['low', 'medium', 'high', 'xhigh', 'max'];
const WITH_NONE: readonly Effort[] = ['none', 'low', 'medium', 'high', 'xhigh', 'max'];
// The gpt-5 family's list is known only from an error text [3p]: https://github.com/Kilo-Org/cloud/pull/3807
const GPT5: readonly Effort[] = ['minimal', 'low', 'medium', 'high'];
// o3's values are not in the research file; low|medium|high is the o-series set the SDK's
// ReasoningEffort docs imply (openai-node src/resources/shared.ts). An assumption, not a sourced rule.
const O_SERIES: readonly Effort[] = ['low', 'medium', 'high'];

// Shutdown dates: https://developers.openai.com/api/docs/deprecations (newest stored version,
// ?translationFallback=zh-Hans) for gpt-5*; official mirror https://www.w3cschool.cn/openai_api/openai_api-docs-deprecations.html
// for gpt-4o/gpt-4.1 (2027-01-14); o3 2026-12-11 per https://dev.to/aideprecations/what-to-do-before-openai-gpt-5-and-o3-shut-down-on-december-11-2026-fap [3p];
// o4-mini and gpt-4.1-nano off since 2026-10-23 per https://dev.to/importstatic/every-openai-model-shutdown-date-until-january-2027-and-what-replaces-it-1dfk [3p].
// Max output tokens: GPT-6.x and 5.6 model pages, 128,000 (research A1, e.g.
// https://developers.openai.com/ja-JP/api/docs/models/gpt-6-luna); gpt-4.1 / -mini 32,768 [3p]
// (https://contextwindows.dev/models/gpt-4-1, https://switchy.build/models/gpt-4-1-mini.md); gpt-4o 16,384,
// from api.openai.com's own rejection [3p]: https://github.com/tailcallhq/forgecode/issues/1185
const G6 = 128_000;
const GPT4_END = '2027-01-14';
const GPT5_END = '2026-12-11';
const OFF_OCT = '2026-10-23';

/** Every model id the fake knows as api.openai.com; anything else is `model_not_found`. */
export const OPENAI_MODELS: Readonly<Record<string, ModelFacts>> = {
  'gpt-6.2-astra': { efforts: TOP, maxOutput: G6 },
  'gpt-6.2-sol': { efforts: TOP, maxOutput: G6 },
  'gpt-6-astra': { efforts: TOP, maxOutput: G6 },
  'gpt-6.1-sol': { efforts: TOP, maxOutput: G6 },
  'gpt-6.1-terra': { efforts: WITH_NONE, maxOutput: G6 },
  'gpt-6-luna': { efforts: WITH_NONE, maxOutput: G6 },
  'gpt-6-sol': { efforts: WITH_NONE, maxOutput: G6 },
  'gpt-5.6-sol': { efforts: WITH_NONE, maxOutput: G6 },
  // Alias of gpt-5.6-sol (zh-Hans models page, https://developers.openai.com/zh-Hans/api/docs/models).
  'gpt-5.6': { efforts: WITH_NONE, maxOutput: G6 },
  'gpt-5.6-terra': { efforts: WITH_NONE, maxOutput: G6 },
  'gpt-5.6-luna': { efforts: WITH_NONE, maxOutput: G6 },
  'gpt-5': { efforts: GPT5, shutdown: GPT5_END },
  'gpt-5-2025-08-07': { efforts: GPT5, shutdown: GPT5_END },
  'gpt-5-mini': { efforts: GPT5, shutdown: GPT5_END },
  'gpt-5-mini-2025-08-07': { efforts: GPT5, shutdown: GPT5_END },
  'gpt-5-nano': { efforts: GPT5, shutdown: GPT5_END },
  'gpt-5-nano-2025-08-07': { efforts: GPT5, shutdown: GPT5_END },
  o3: { efforts: O_SERIES, shutdown: GPT5_END },
  'gpt-4.1': { efforts: null, shutdown: GPT4_END, maxOutput: 32_768 },
  'gpt-4.1-2025-04-14': { efforts: null, shutdown: GPT4_END, maxOutput: 32_768 },
  'gpt-4.1-mini': { efforts: null, shutdown: GPT4_END, maxOutput: 32_768 },
  'gpt-4.1-mini-2025-04-14': { efforts: null, shutdown: GPT4_END, maxOutput: 32_768 },
  'gpt-4o': { efforts: null, shutdown: GPT4_END, maxOutput: 16_384 },
  'gpt-4o-2024-08-06': { efforts: null, shutdown: GPT4_END, maxOutput: 16_384 },
  'gpt-4o-2024-11-20': { efforts: null, shutdown: GPT4_END, maxOutput: 16_384 },
  'gpt-4o-mini': { efforts: null, shutdown: GPT4_END },
  'gpt-4o-mini-2024-07-18': { efforts: null, shutdown: GPT4_END },
  'gpt-4.1-nano': { efforts: null, shutdown: OFF_OCT },
  'gpt-4.1-nano-2025-04-14': { efforts: null, shutdown: OFF_OCT },
  'o4-mini': { efforts: O_SERIES, shutdown: OFF_OCT },
  'o4-mini-2025-04-16': { efforts: O_SERIES, shutdown: OFF_OCT },
};

// The snapshot an alias serves, for the response's `model` field. Dated ids from the deprecations
// page (https://developers.openai.com/api/docs/deprecations); GPT-6.x and 5.6 pages list only the bare
// id (research A1), so those echo unchanged, as do local servers' names.
const SNAPSHOTS: Readonly<Record<string, string>> = {
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-5-mini': 'gpt-5-mini-2025-08-07',
  'gpt-5-nano': 'gpt-5-nano-2025-08-07',
};

/** The model id a response names for a requested one: the dated snapshot behind an alias, else the id itself. */
export function servedModel(model: string): string {
  return Object.hasOwn(SNAPSHOTS, model) ? (SNAPSHOTS[model] as string) : model;
}

// OpenAI's namespace: what `by-model` treats as a request meant for api.openai.com. Local servers
// serve names like `llama3.1:8b`, `m`, `bench-judge`; a local model named gpt-* needs contract 'local'.
// The wire does not say which judge kind sent a request, so an `openai:` judge with a made-up name
// outside the namespace (`openai:unpriced-model`) passes under 'by-model'; contract 'openai' catches it.
const OPENAI_NAME = /^(?:gpt-|chatgpt-|o\d)/;

/** Whether a request for this model is checked against api.openai.com's rules under the given contract. */
export function playsOpenAI(contract: OpenAIContract, model: unknown): boolean {
  if (contract === 'local') return false;
  if (contract === 'openai') return true;
  return typeof model === 'string' && OPENAI_NAME.test(model);
}

/** The violation api.openai.com would answer this Chat Completions body with on `today` (YYYY-MM-DD), or undefined. */
export function openAIViolation(body: unknown, today: string, extra: Readonly<Record<string, ModelFacts>> = {}): OpenAIViolation | undefined {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const model = String(b.model);
  const facts = Object.hasOwn(extra, model) ? extra[model] : Object.hasOwn(OPENAI_MODELS, model) ? OPENAI_MODELS[model] : undefined;
  // A retired id answers exactly like one that never existed. Shape and text [3p]:
  // https://www.github.com/Codium-ai/AlphaCodium/discussions/51
  if (!facts || (facts.shutdown !== undefined && today >= facts.shutdown)) {
    return fail(404, `The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found');
  }
  const effort = b.reasoning_effort;
  if (facts.efforts === null) {
    // Non-reasoning models (gpt-4.1, gpt-4o) have no reasoning to configure; the SDK documents
    // reasoning_effort for reasoning models only (openai-node src/resources/chat/completions/completions.ts).
    if (effort !== undefined) return unsupportedParameter('reasoning_effort');
  } else {
    if (effort !== undefined && !facts.efforts.includes(effort as Effort)) {
      // Text [3p]: https://github.com/Kilo-Org/cloud/pull/3807
      const list = facts.efforts.map((e) => `'${e}'`);
      const listed = `${list.slice(0, -1).join(', ')}, and ${list.at(-1)}`;
      return fail(400, `Unsupported value: 'reasoning_effort' does not support ${JSON.stringify(effort).replaceAll('"', "'")} with this model. Supported values are: ${listed}.`, 'reasoning_effort', 'unsupported_value');
    }
    // "When reasoning effort is not none, remove temperature, top_p, and top_logprobs" (official):
    // https://developers.openai.com/api/docs/guides/deployment-checklist — effort defaults to medium,
    // so an absent effort is not none. Text [3p]: https://github.com/johny-b/llmcomp/issues/69
    for (const param of ['temperature', 'top_p'] as const) {
      if (b[param] !== undefined && effort !== 'none') {
        return fail(400, `Unsupported value: '${param}' does not support ${String(b[param])} with this model. Only the default (1) value is supported.`, param, 'unsupported_value');
      }
    }
    // max_tokens is "not compatible with o-series models" (openai-node completions.ts) and rejected by
    // gpt-5.6/gpt-6 [3p]: https://github.com/mnfst/modelparams.dev/pull/91 , https://docs.litellm.ai/blog/gpt_6_astra
    if (b.max_tokens !== undefined) {
      return fail(400, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
    }
  }
  // A budget above the model's maximum output: "max_tokens is too large: 20480. This model supports at most
  // 16384 completion tokens, whereas you provided 20480." (param max_tokens, code invalid_value) [3p]:
  // https://github.com/tailcallhq/forgecode/issues/1185 . The same text with max_completion_tokens is an
  // assumption: no source shows that parameter's wording.
  for (const param of ['max_completion_tokens', 'max_tokens'] as const) {
    const asked = b[param];
    if (facts.maxOutput !== undefined && typeof asked === 'number' && asked > facts.maxOutput) {
      return fail(400, `${param} is too large: ${asked}. This model supports at most ${facts.maxOutput} completion tokens, whereas you provided ${asked}.`, param, 'invalid_value');
    }
  }
  // prompt_cache_key is a string routing key (https://developers.openai.com/api/docs/guides/prompt-caching.md;
  // the SDK types it `string`). Text modelled on OpenAI's invalid_type errors.
  if (b.prompt_cache_key !== undefined && typeof b.prompt_cache_key !== 'string') {
    return fail(400, `Invalid type for 'prompt_cache_key': expected a string, but got ${typeName(b.prompt_cache_key)} instead.`, 'prompt_cache_key', 'invalid_type');
  }
  // `n` > 1 stays accepted: the research found no per-model rule for GPT-6.x (research A2, "NOT FOUND").
  return strictSchemaViolation(b.response_format);
}

// Strict structured outputs: every object lists all its properties in `required` and sets
// additionalProperties:false — official requirement, stored only in a 3p copy:
// https://github.com/scaleway/docs-content/commit/b33aef93e35491d1afa3e0f6fe3093b82b713a2b [3p].
// The official "Supported schemas" keyword list is not in the research corpus; the fake rejects only
// the string-length keywords, the subset 3p guides agree strict mode refuses ("no numeric or length
// constraints", https://www.developersdigest.tech/blog/structured-outputs-across-ai-apis-2026 [3p]).
const UNSUPPORTED_KEYWORDS = ['minLength', 'maxLength'];

function strictSchemaViolation(format: unknown): OpenAIViolation | undefined {
  const f = format as { type?: unknown; json_schema?: { name?: unknown; strict?: unknown; schema?: unknown } } | undefined;
  if (f?.type !== 'json_schema' || f.json_schema?.strict !== true) return undefined;
  const name = String(f.json_schema.name);
  const problem = schemaProblem(f.json_schema.schema, []);
  if (!problem) return undefined;
  // Wording as in https://github.com/tidyverse/ellmer/issues/671 [3p]: "Invalid schema for response_format '<name>': …".
  return fail(400, `Invalid schema for response_format '${name}': ${problem}`, 'response_format', null);
}

const MAPS = new Set(['properties', '$defs', 'definitions']);

function schemaProblem(node: unknown, context: string[]): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const p = schemaProblem(item, [...context, String(i)]);
      if (p) return p;
    }
    return undefined;
  }
  const s = node as Record<string, unknown>;
  const where = `In context=(${context.map((c) => `'${c}'`).join(', ')})`;
  for (const keyword of UNSUPPORTED_KEYWORDS) {
    if (keyword in s) return `${where}, '${keyword}' is not permitted.`;
  }
  const props = s.properties;
  if (s.type === 'object' || (typeof props === 'object' && props !== null)) {
    if (s.additionalProperties !== false) return `${where}, 'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys((props ?? {}) as object);
    const required = Array.isArray(s.required) ? s.required : [];
    const missing = keys.filter((k) => !required.includes(k));
    if (missing.length > 0) {
      return `${where}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
  }
  for (const [key, child] of Object.entries(s)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'required') continue; // data, not schemas
    // A name-to-schema map: its keys are property names (one may be called "maxLength"), its values schemas.
    const p = MAPS.has(key) && typeof child === 'object' && child !== null
      ? Object.entries(child).reduce<string | undefined>((found, [name, sub]) => found ?? schemaProblem(sub, [...context, key, name]), undefined)
      : schemaProblem(child, [...context, key]);
    if (p) return p;
  }
  return undefined;
}

function unsupportedParameter(param: string): OpenAIViolation {
  // Text [3p]: https://github.com/appatalks/eva-agent/issues/83
  return fail(400, `Unsupported parameter: '${param}' is not supported with this model.`, param, 'unsupported_parameter');
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a decimal';
  if (typeof v === 'boolean') return 'a boolean';
  return 'an object';
}

// Error shape { error: { message, type, param, code } } (research A5).
function fail(status: number, message: string, param: string | null, code: string | null): OpenAIViolation {
  return { status, body: { error: { message, type: 'invalid_request_error', param, code } } };
}

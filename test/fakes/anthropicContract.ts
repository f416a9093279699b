/**
 * The request rules the Anthropic Messages API enforces, as far as public sources state them
 * (facts and sources: /work/research-models.md, section B). "[3p]" marks a rule or error text
 * known only from a third-party page.
 */

/** A rejected request: the HTTP status and the `{ type: "error", error }` body the Messages API answers with. */
export interface AnthropicViolation {
  status: number;
  body: { type: 'error'; error: { type: string; message: string } };
}

interface ClaudeFacts {
  /** First day the model answers 404 (YYYY-MM-DD); absent while no retirement is scheduled. */
  retired?: string;
  /** Rejects temperature other than the default 1. */
  fixedSampling?: boolean;
  /** Rejects output_config.effort altogether. */
  noEffort?: boolean;
  /** Most output tokens (`max_tokens`) a request may ask for; absent where our sources do not say. */
  maxOutput?: number;
}

// Lineup: model pages, e.g. https://platform.claude.com/docs/en/models/haiku-5-5/overview (research B1).
// Retirements: claude-sonnet-4-5 end of life 2026-11-30 — anthropic-sdk-typescript
// src/internal/data/deprecated-models.ts (commit 59270330d1a1d68e469b06ece5e0819263e17877);
// claude-opus-4-5 tentatively 2027-01-22 — https://github.com/samarthputhraya/Modelpin/releases/tag/v0.5.7 [3p];
// Sonnet 4 / Opus 4 retired 2026-06-15 — https://raw.githubusercontent.com/ottto-ai/ai-provider-watch/main/data/events/2026-06-15-anthropic-sonnet-4-opus-4-retirement.json [3p];
// Opus 4.1 "retired, except on Bedrock and Google Cloud" — https://platform.claude.com/docs/en/about-claude/pricing (date not found).
// Fixed sampling: Sonnet 5 "setting sampling parameters … to non-default values returns a 400" (official,
// https://platform.claude.com/docs/zh-CN/models/sonnet-5/overview); the rest of the list (Fable 5.1,
// Opus 5.5, Opus 5, Opus 4.8, Opus 4.7, Sonnet 5.5, Haiku 5.5) is Anthropic's as quoted by
// https://docs.memberjunction.org/v6.2/api/functions/_memberjunction_ai-anthropic.RejectsSamplingParams.html [3p].
// Haiku 4.5: effort "not supported" (model pages, research B4).
// Max output: 128K for the 5.x models (model pages' comparison table, research B1:
// https://platform.claude.com/docs/en/models/haiku-5-5/overview; Sonnet 5: https://platform.claude.com/docs/pt-BR/models/sonnet-5/overview.md).
const FIXED = { fixedSampling: true };
const FIXED_128K = { fixedSampling: true, maxOutput: 128_000 };
const OPUS_45_END = '2027-01-22';
const SONNET_45_END = '2026-11-30';
const LONG_GONE = '2026-06-15';

/** Every Claude id the fake knows; anything else is a `not_found_error`. */
export const CLAUDE_MODELS: Readonly<Record<string, ClaudeFacts>> = {
  'claude-fable-5-1': FIXED_128K,
  'claude-opus-5-5': FIXED_128K,
  'claude-sonnet-5-5': FIXED_128K,
  'claude-haiku-5-5': FIXED_128K,
  'claude-sonnet-5': FIXED_128K,
  'claude-opus-5': FIXED,
  'claude-opus-4-8': FIXED,
  'claude-opus-4-7': FIXED,
  'claude-opus-4-6': {},
  'claude-sonnet-4-6': {},
  'claude-haiku-4-5': { noEffort: true },
  'claude-haiku-4-5-20251001': { noEffort: true },
  'claude-opus-4-5': { retired: OPUS_45_END },
  'claude-opus-4-5-20251101': { retired: OPUS_45_END },
  'claude-sonnet-4-5': { retired: SONNET_45_END },
  'claude-sonnet-4-5-20250929': { retired: SONNET_45_END },
  'claude-opus-4-1': { retired: LONG_GONE },
  'claude-sonnet-4': { retired: LONG_GONE },
  'claude-opus-4': { retired: LONG_GONE },
};

// output_config.effort values: the SDK's OutputConfig type (anthropic-sdk-typescript src/resources/messages/messages.ts).
const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'];

// "A maximum of 4 blocks with cache_control may be provided. Found 5." —
// https://github.com/tghamm/Anthropic.SDK/issues/50 [3p]. Counts block-level breakpoints in tools,
// system and messages; whether the top-level (automatic) cache_control takes a slot is not documented, so it does not count here.
const MAX_CACHE_BREAKPOINTS = 4;

/** The violation the Messages API would answer this body with on `today` (YYYY-MM-DD), or undefined. */
export function anthropicViolation(body: unknown, today: string): AnthropicViolation | undefined {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const model = String(b.model);
  const facts = Object.hasOwn(CLAUDE_MODELS, model) ? CLAUDE_MODELS[model] : undefined;
  // Error types per status: https://platform.claude.com/docs/api/errors . The 404 message text for an
  // unknown model is not documented; "model: <id>" is what the brief for this fake specifies.
  if (!facts || (facts.retired !== undefined && today >= facts.retired)) return fail(404, 'not_found_error', `model: ${model}`);

  const breakpoints = [b.tools, b.system, b.messages].reduce<number>((n, part) => n + cacheControlBlocks(part), 0);
  if (breakpoints > MAX_CACHE_BREAKPOINTS) {
    return fail(400, 'invalid_request_error', `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`);
  }
  // Exact wording for rejected sampling parameters is not in the research; the status and type are.
  if (facts.fixedSampling && b.temperature !== undefined && b.temperature !== 1) {
    return fail(400, 'invalid_request_error', `temperature: this model does not support setting sampling parameters to non-default values`);
  }
  // "max_tokens: 1000000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-20250514" [3p]:
  // https://github.com/OpenHands/OpenHands/issues/11090
  if (facts.maxOutput !== undefined && typeof b.max_tokens === 'number' && b.max_tokens > facts.maxOutput) {
    return fail(400, 'invalid_request_error', `max_tokens: ${b.max_tokens} > ${facts.maxOutput}, which is the maximum allowed number of output tokens for ${model}`);
  }
  const config = (b.output_config ?? {}) as { effort?: unknown; format?: { schema?: unknown } };
  if (config.effort !== undefined) {
    if (facts.noEffort) return fail(400, 'invalid_request_error', `output_config.effort: this model does not support effort`);
    if (!EFFORTS.includes(config.effort as string)) {
      return fail(400, 'invalid_request_error', `output_config.effort: Input should be ${EFFORTS.map((e) => `'${e}'`).join(', ')}`);
    }
  }
  const problem = config.format ? schemaProblem(config.format.schema, 'output_config.format.schema') : undefined;
  return problem === undefined ? undefined : fail(400, 'invalid_request_error', problem);
}

function cacheControlBlocks(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((n, item) => n + cacheControlBlocks(item), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const o = node as Record<string, unknown>;
  return (o.cache_control ? 1 : 0) + cacheControlBlocks(o.content);
}

// Unsupported JSON Schema features of structured outputs. The official page text is not in the
// research corpus; the list is from summaries that cite it [3p]:
// https://repo.hex.pm/docs/lang_schema-0.7.1.tar.gz:LangSchema.Converter.Anthropic.html and
// https://docs.rs/crate/claude-agent/latest/source/src/client/schema.rs ("per Claude API docs 2025-11-13").
const UNSUPPORTED = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'maxItems', 'minProperties', 'maxProperties'];

const MAPS = new Set(['properties', '$defs', 'definitions']);

function schemaProblem(node: unknown, at: string): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const p = schemaProblem(item, `${at}.${i}`);
      if (p) return p;
    }
    return undefined;
  }
  const s = node as Record<string, unknown>;
  for (const keyword of UNSUPPORTED) {
    if (keyword in s) return `${at}: the '${keyword}' keyword is not supported in structured outputs`;
  }
  if ('minItems' in s && s.minItems !== 0 && s.minItems !== 1) return `${at}: 'minItems' only supports 0 or 1`;
  if (typeof s.$ref === 'string' && !s.$ref.startsWith('#')) return `${at}: external '$ref' is not supported`;
  // additionalProperties must be false on every object.
  if ((s.type === 'object' || 'properties' in s) && s.additionalProperties !== false) {
    return `${at}: 'additionalProperties' must be explicitly set to false for object types`;
  }
  for (const [key, child] of Object.entries(s)) {
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'required') continue; // data, not schemas
    // A name-to-schema map: its keys are property names (one may be called "maxLength"), its values schemas.
    const p = MAPS.has(key) && typeof child === 'object' && child !== null
      ? Object.entries(child).reduce<string | undefined>((found, [name, sub]) => found ?? schemaProblem(sub, `${at}.${key}.${name}`), undefined)
      : schemaProblem(child, `${at}.${key}`);
    if (p) return p;
  }
  return undefined;
}

function fail(status: number, type: string, message: string): AnthropicViolation {
  return { status, body: { type: 'error', error: { type, message } } };
}

/** Per-model request differences for Chat Completions, kept pure so they are testable without a server. */
import type { ModelEntry } from '../../types/ModelCatalogue.ts';

/**
 * Sampling temperature for non-reasoning models. Votes are only informative if samples can
 * disagree, so 0 is wrong; the API default of 1 makes a strict-schema judge wander off the
 * criteria. 0.7 is the usual self-consistency setting: diverse yet on-task.
 */
export const DEFAULT_TEMPERATURE = 0.7;

/** Output budget for non-reasoning models: a verdict with a short rationale fits easily. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** Reasoning models spend hidden reasoning tokens from the same budget, so they need more room. */
export const DEFAULT_REASONING_MAX_OUTPUT_TOKENS = 16384;

/** The fields a model family needs that differ from the plain defaults. */
export interface OpenAIQuirks {
  reasoning: boolean;
  /** `reasoning_effort`, where the model takes one. */
  reasoningEffort?: string;
  /** Omitted for reasoning models, which reject anything but their fixed default. */
  temperature?: number;
  /** OpenAI wants `max_completion_tokens`; local servers (llama.cpp, Ollama) still read `max_tokens`. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  maxOutputTokens: number;
  /** The most a request may ask for: the catalogue's documented maximum, else maxOutputTokens (nothing larger is known to be accepted). */
  maxAllowedOutputTokens: number;
}

// o1/o3/o4 and the gpt-5 family (including -chat and -codex variants) reject `temperature`.
// Omitting it is always accepted, so erring towards "reasoning" costs only some vote diversity.
const REASONING = /^(?:o\d+(?:$|[-.])|gpt-5(?:$|[-.])|codex-mini)/;

/** True for OpenAI reasoning models, also behind a router prefix like `openai/o3-mini`. */
export function isReasoningModel(model: string): boolean {
  const bare = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  return REASONING.test(bare);
}

/**
 * The request quirks for this endpoint kind and model. With the model's catalogue entry (OpenAI),
 * everything comes from it: temperature only where accepted (with effort `none` on the models that
 * take it only then), the documented output-token parameter and budget, and the reasoning effort.
 * Without one (local servers), the name decides, as local servers mostly serve chat models.
 */
export function openAIQuirks(
  kind: 'openai' | 'openai-compatible',
  model: string,
  overrides: { maxOutputTokens?: number; entry?: ModelEntry; effort?: string | null } = {},
): OpenAIQuirks {
  const e = overrides.entry;
  if (e) {
    const effort = e.effort ? (overrides.effort ?? undefined) : undefined;
    const temperature = e.temperature === 'accepted' || (e.temperature === 'effort-none' && effort === 'none');
    const budget = overrides.maxOutputTokens ?? e.outputBudget;
    return {
      reasoning: e.reasoning,
      ...(effort ? { reasoningEffort: effort } : {}),
      ...(temperature ? { temperature: DEFAULT_TEMPERATURE } : {}),
      maxTokensField: e.outputTokenParam,
      maxOutputTokens: budget,
      maxAllowedOutputTokens: Math.max(budget, e.maxOutputTokens ?? budget),
    };
  }
  const reasoning = isReasoningModel(model);
  const budget = overrides.maxOutputTokens ?? (reasoning ? DEFAULT_REASONING_MAX_OUTPUT_TOKENS : DEFAULT_MAX_OUTPUT_TOKENS);
  // A local server's limit is its own (vLLM refuses prompt + max_tokens beyond its context): never ask for more.
  return {
    reasoning,
    ...(reasoning ? {} : { temperature: DEFAULT_TEMPERATURE }),
    maxTokensField: kind === 'openai' ? 'max_completion_tokens' : 'max_tokens',
    maxOutputTokens: budget,
    maxAllowedOutputTokens: budget,
  };
}

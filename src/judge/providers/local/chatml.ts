/**
 * The chat wrapper of local judges, chosen by the product rather than read from the GGUF, so a test
 * model without a chat template and a real instruction model take the same path. ChatML
 * (`<|im_start|>role\n…<|im_end|>\n`) is what Qwen, and many other instruction models, are trained on.
 */
import type { JudgePrompt } from '../../../types/Provider.ts';

/** The wrapper's name, part of every local request body (so of the cache key). */
export const CHAT_WRAPPER = 'chatml';

/** The control tokens the wrapper needs in the model's vocabulary. */
export const CHATML_TOKENS = ['<|im_start|>', '<|im_end|>'] as const;

/** A piece of the wrapped prompt: control-token text, or content tokenized without special tokens. */
export type PromptSegment = { special: string } | { text: string };

/** Between the review and the task, as the API judges send them in one user message. */
export const REVIEW_TASK_SEPARATOR = '\n\n';

/**
 * Pure: the prompt as segments, split where the review ends, so the prefix (instructions and
 * review: identical for every unit of one review) is evaluated once and its KV cache reused.
 * Content never becomes a control token (a review quoting `<|im_end|>` stays text).
 */
export function chatmlSegments(prompt: JudgePrompt): { prefix: PromptSegment[]; rest: PromptSegment[] } {
  const [start, end] = CHATML_TOKENS;
  return {
    prefix: [{ special: start }, { text: `system\n${prompt.instructions}` }, { special: end }, { text: '\n' }, { special: start }, { text: `user\n${prompt.review}${REVIEW_TASK_SEPARATOR}` }],
    rest: [{ text: prompt.task }, { special: end }, { text: '\n' }, { special: start }, { text: 'assistant\n' }],
  };
}

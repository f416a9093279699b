/**
 * Detects prompts a local server cut to fit its context window. Ollama's OpenAI-compatible endpoint
 * runs with a 4k context below 24 GiB of VRAM unless OLLAMA_CONTEXT_LENGTH raises it
 * (https://raw.githubusercontent.com/ollama/ollama/948f69330acf96a2310f1b53fdfc211731a386d8/docs/context-length.mdx),
 * and then drops part of our ~7k–10.6k-token prompts without an error: the judge answers about a
 * review (or instructions) it never saw. The one trace is the prompt token count it reports.
 */
import { estimateTokens } from '../judge/estimateTokens.ts';
import type { Executor } from '../judge/Executor.ts';
import type { Usage } from '../types/Provider.ts';

/**
 * Reported prompt tokens below this share of our estimate mean the prompt was cut. estimateTokens is
 * good to ±20% on English and Japanese prose, and local tokenizers count at most ~30% fewer tokens
 * than it does (large-vocabulary ones on CJK), so an honest count stays above ~0.7 of the estimate;
 * 0.6 leaves room for that without false alarms. A 4096-token window against our 7k–10.6k prompts
 * reports 0.39–0.58 of the estimate, so the usual cut is caught; a prompt under ~6.8k tokens cut at
 * 4096 can slip through, which is the price of never failing an honest vote.
 */
export const TRUNCATION_RATIO = 0.6;

/** How to raise the context of the usual local servers, for the message. */
export const RAISE_CONTEXT_HINT = 'raise the server\'s context: Ollama `OLLAMA_CONTEXT_LENGTH=32768 ollama serve`; llama.cpp server `-c 32768`';

/** All text of a chat-completions body's messages (string contents and text parts), in order. */
export function messagesText(body: Record<string, unknown>): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ content?: unknown }>) : [];
  const parts: string[] = [];
  for (const m of messages) {
    if (typeof m.content === 'string') parts.push(m.content);
    else if (Array.isArray(m.content)) for (const p of m.content as Array<{ text?: unknown }>) if (typeof p?.text === 'string') parts.push(p.text);
  }
  return parts.join('\n');
}

/** Why the answer is unusable when the server reported far fewer prompt tokens than the body holds, else null. */
export function truncatedInputReason(body: Record<string, unknown>, usage: Usage): string | null {
  // 0 means "not reported" (some servers omit usage; old Ollama drops it on a prompt-cache hit): unknown, not cut.
  if (usage.inputTokens <= 0) return null;
  // Cached tokens are part of prompt_tokens on OpenAI's terms; more cached than prompt tokens means a
  // server that counts only newly evaluated ones, whose total is the sum. (An Ollama build that did so
  // without reporting the cached part, fixed by ollama/ollama#16428, would be flagged here: a false
  // alarm that leaves a vote unscored, never a wrong verdict.)
  const read = usage.cachedInputTokens > usage.inputTokens ? usage.inputTokens + usage.cachedInputTokens : usage.inputTokens;
  const estimate = estimateTokens(messagesText(body));
  if (read >= TRUNCATION_RATIO * estimate) return null;
  return `the server read ${read} prompt tokens of about ${estimate} sent: it cut the prompt to its context window; ${RAISE_CONTEXT_HINT}`;
}

/**
 * Wraps an executor so an openai-compatible answer whose prompt was cut becomes failed samples of kind
 * `truncated-input`: unscored votes, never verdicts (a judge that missed half the review would say ×).
 * Hosted APIs reject an oversized prompt with an error instead, so they are not checked.
 */
export function truncationCheckingExecutor(inner: Executor): Executor {
  return {
    run: (judge, request, samples, dispatch, handle) =>
      inner.run(judge, request, samples, dispatch, (a) => {
        if (!a.ok || judge.kind !== 'openai-compatible') return handle(a);
        const reason = truncatedInputReason(request.body, a.usage);
        if (!reason) return handle(a);
        return handle({ ...a, samples: a.samples.map(() => ({ ok: false as const, kind: 'truncated-input' as const, message: reason })) });
      }),
  };
}

/**
 * A dry run's time estimate for a local judge, made without loading the model (so without measuring
 * it): prompt tokens to evaluate ÷ an assumed prompt rate per thread, plus output tokens ÷ an assumed
 * generation rate. The rates are assumptions for an ~8B Q4 model on a desktop CPU, from llama.cpp's
 * benchmark thread (https://github.com/ggml-org/llama.cpp/issues/34: a 7B model on a 13900K evaluates
 * prompts at 22 tokens/s with 4 threads and 34 with 8, and generates at 13–18 tokens/s): about 5 prompt
 * tokens/s per thread and 10 output tokens/s. A GPU, a smaller model or a newer build is faster; the
 * `review prefix evaluated … tokens/s` status lines of a run (or doctor) show this machine's rate.
 */

/** Assumed prompt evaluation rate per CPU thread, tokens/s. */
export const ASSUMED_PROMPT_TOKENS_PER_S_PER_THREAD = 5;
/** Assumed generation rate, tokens/s (bound by memory bandwidth more than by threads). */
export const ASSUMED_OUTPUT_TOKENS_PER_S = 10;

/** Pure: the estimated seconds for `evaluated` prompt tokens and `output` tokens on `threads` threads. */
export function estimateLocalSeconds(evaluated: number, output: number, threads: number): number {
  return evaluated / (ASSUMED_PROMPT_TOKENS_PER_S_PER_THREAD * Math.max(1, threads)) + output / ASSUMED_OUTPUT_TOKENS_PER_S;
}

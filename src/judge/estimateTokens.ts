const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]/g;

/**
 * Rough token count without a tokenizer: about one token per CJK character and one per four other
 * characters. Good to ±20% on English and Japanese prose, which is what a cost estimate needs.
 */
export function estimateTokens(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  return Math.ceil(cjk + (text.length - cjk) / 4);
}

import { describe, expect, it } from 'vitest';
import { Budget } from './Budget.ts';
import type { PriceTable } from './prices.ts';

const PRICES: PriceTable = { date: 'd', source: 's', models: { 'openai:m': { input: 1_000_000, cachedInput: 1_000_000, cacheWrite: 1_000_000, output: 0 } } };
const usd = (dollars: number) => ({ inputTokens: dollars, outputTokens: 0 }); // $1 per token at these prices

describe('Budget.reserve', () => {
  it('admits while spent + in flight + this estimate stay within the limit; release frees the estimate', () => {
    const b = new Budget(PRICES, 12);
    const a = b.reserve('openai:m', usd(5));
    const c = b.reserve('openai:m', usd(5));
    expect(a.ok && c.ok).toBe(true);
    expect(b.reserve('openai:m', usd(5)).ok).toBe(false); // 5 + 5 + 5 > 12
    expect(b.refused).toBe(1);
    expect(b.stopReason()).toMatch(/--max-cost 12 USD: 1 requests not sent/);
    if (a.ok) a.release();
    b.add('openai:m', { inputTokens: 5, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 });
    expect(b.reserved).toBe(5);
    expect(b.spent).toBe(5);
    if (a.ok) a.release(); // twice is once
    expect(b.reserved).toBe(5);
  });

  it.each<[string, number | null, string]>([
    ['no limit', null, 'openai:m'],
    ['an unpriced judge (its cost is unknown; counted as unpriced)', 1, 'openai:unknown'],
  ])('never refuses with %s', (_n, max, judge) => {
    expect(new Budget(PRICES, max).reserve(judge, usd(1e9)).ok).toBe(true);
  });
});

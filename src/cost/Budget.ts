import type { Usage } from '../types/Provider.ts';
import { costOf, priceFor, type PriceTable } from './prices.ts';

/** Running spend of a run; once `--max-cost` is reached, no new paid call starts (in-flight ones finish). */
export class Budget {
  /** USD spent by fresh requests so far (cache hits cost nothing). */
  spent = 0;
  /** Requests whose judge has no price in the table. */
  unpriced = 0;
  /** USD reserved by requests in flight (their estimates), released as their answers arrive. */
  reserved = 0;
  /** Requests not sent because their estimate would have passed `--max-cost`. */
  refused = 0;

  constructor(
    private readonly prices: PriceTable,
    readonly maxUsd: number | null,
  ) {}

  /** Adds one request's usage. */
  add(judge: string, usage: Usage | null): void {
    if (!usage) return;
    const price = priceFor(this.prices, judge);
    if (!price) {
      this.unpriced++;
      return;
    }
    this.spent += costOf(usage, price);
  }

  /**
   * Admits a request only if what is spent, what the requests in flight are expected to cost and
   * this one's estimate stay within `--max-cost`; the estimate is held until `release`. So the spend
   * passes the limit only by how much the requests in flight cost more than estimated.
   */
  reserve(judge: string, estimate: { inputTokens: number; outputTokens: number }, billing?: 'batch'): { ok: true; release: () => void } | { ok: false; reason: string } {
    const none = { ok: true as const, release: () => {} };
    if (this.maxUsd === null) return none;
    const price = priceFor(this.prices, judge);
    if (!price) return none;
    const usd = costOf({ inputTokens: estimate.inputTokens, outputTokens: estimate.outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0 }, price, billing);
    if (this.spent + this.reserved + usd > this.maxUsd) {
      this.refused++;
      return { ok: false, reason: `--max-cost ${this.maxUsd} USD: not sent, as ${this.spent.toFixed(4)} USD spent + ${this.reserved.toFixed(4)} USD in flight + ~${usd.toFixed(4)} USD for this request would pass it; rerun to continue from the cache` };
    }
    this.reserved += usd;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.reserved -= usd;
      },
    };
  }

  /** Why no further call may start, or null. */
  stopReason(): string | null {
    if (this.maxUsd === null) return null;
    if (this.spent >= this.maxUsd) return `--max-cost ${this.maxUsd} USD reached (spent ${this.spent.toFixed(4)} USD); rerun to continue from the cache`;
    if (this.refused) return `--max-cost ${this.maxUsd} USD: ${this.refused} requests not sent, as their estimated cost would have passed it (spent ${this.spent.toFixed(4)} USD); rerun to continue from the cache`;
    return null;
  }
}

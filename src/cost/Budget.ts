import type { Usage } from '../types/Provider.ts';
import { costOf, priceFor, type PriceTable } from './prices.ts';

/** Running spend of a run; once `--max-cost` is reached, no new paid call starts (in-flight ones finish). */
export class Budget {
  /** USD spent by fresh requests so far (cache hits cost nothing). */
  spent = 0;
  /** Requests whose judge has no price in the table. */
  unpriced = 0;

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

  /** Why no further call may start, or null. */
  stopReason(): string | null {
    if (this.maxUsd === null || this.spent < this.maxUsd) return null;
    return `--max-cost ${this.maxUsd} USD reached (spent ${this.spent.toFixed(4)} USD); rerun to continue from the cache`;
  }
}

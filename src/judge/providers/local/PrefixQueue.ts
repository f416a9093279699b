/**
 * The order requests get the one context sequence of a local judge: next the one whose prompt prefix
 * the sequence already holds (the same unit, then the same instructions and review, then the same
 * instructions), so a review's units run together and its prefix is evaluated once.
 */

/** What a request's prompt shares with others: the whole prompt, instructions and review, instructions. */
export interface PrefixIds {
  promptId: string;
  prefixId: string;
  instructionsId: string;
}

/** How long the sequence waits for a request of the review it holds before it turns to another review. */
const LINGER_MS = 25;

export class PrefixQueue {
  private readonly waiting: Array<PrefixIds & { start: () => void }> = [];
  private busy = false;
  private held: PrefixIds = { promptId: '', prefixId: '', instructionsId: '' };
  private lingering?: ReturnType<typeof setTimeout>;

  /** Runs `task` alone, when it is the best next request for what the sequence holds. */
  async run<T>(ids: PrefixIds, task: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.waiting.push({ ...ids, start });
      this.next();
    });
    try {
      return await task();
    } finally {
      this.held = ids;
      this.busy = false;
      this.next();
    }
  }

  private next(): void {
    if (this.busy || !this.waiting.length) return;
    const same = this.waiting.findIndex((w) => w.prefixId === this.held.prefixId);
    if (same === -1 && this.held.prefixId && !this.lingering) {
      // Followers of the review just served are usually a few event-loop turns away (their queue slot
      // frees once the answer is cached): wait briefly before evaluating another review's prefix.
      this.lingering = setTimeout(() => {
        this.held = { promptId: '', prefixId: '', instructionsId: this.held.instructionsId };
        this.lingering = undefined;
        this.next();
      }, LINGER_MS);
      return;
    }
    if (same === -1 && this.lingering) return;
    const unit = this.waiting.findIndex((w) => w.promptId === this.held.promptId);
    const instr = this.waiting.findIndex((w) => w.instructionsId === this.held.instructionsId);
    const i = unit !== -1 ? unit : same !== -1 ? same : instr !== -1 ? instr : 0;
    const [w] = this.waiting.splice(i, 1);
    if (this.lingering) clearTimeout(this.lingering);
    this.lingering = undefined;
    this.busy = true;
    w!.start();
  }
}

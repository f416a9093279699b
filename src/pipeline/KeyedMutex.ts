/** Runs async work one at a time per key (other keys run alongside): the job's batch creates, one per judge. */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` once every earlier call under `key` has settled. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    // The chain holds settled promises only: a failure of one call does not stop the next.
    this.tails.set(key, next.catch(() => {}));
    return next;
  }
}

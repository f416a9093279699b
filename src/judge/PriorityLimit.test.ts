import { describe, expect, it } from 'vitest';
import { PriorityLimit } from './PriorityLimit.ts';

/** A task that records its start and finishes when released. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { done, release };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('PriorityLimit', () => {
  it('never runs more than the limit at once', async () => {
    const limit = new PriorityLimit(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, i % 3));
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(limit.activeCount).toBe(0);
  });

  it.each<[string, number[], number[]]>([
    ['highest priority first', [1, 5, 3], [1, 2, 0]],
    ['first come first served among equals', [2, 2, 2], [0, 1, 2]],
    ['by priority, then by arrival', [0, 9, 0, 9], [1, 3, 0, 2]],
  ])('waiting work starts %s (indices in start order)', async (_name, priorities, expected) => {
    const limit = new PriorityLimit(1);
    const blocker = gate();
    const started: number[] = [];
    const first = limit.run(() => blocker.done);
    const rest = priorities.map((p, i) => limit.run(async () => void started.push(i), p));
    await flush();
    expect(started).toEqual([]);
    expect(limit.pendingCount).toBe(priorities.length);
    blocker.release();
    await Promise.all([first, ...rest]);
    expect(started).toEqual(expected);
  });

  it('raising the limit starts waiting work at once; lowering lets running work finish', async () => {
    const limit = new PriorityLimit(1);
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => limit.run(async () => { started.push(i); await g.done; }));
    await flush();
    expect(started).toEqual([0]);
    limit.concurrency = 3;
    await flush();
    expect(started).toEqual([0, 1, 2]);
    limit.concurrency = 1;
    expect(limit.activeCount).toBe(3);
    for (const g of gates) g.release();
    await Promise.all(runs);
    expect(limit.activeCount).toBe(0);
  });

  it('an abort releases the waiting work at once, outside the limit, while the slot holder still runs', async () => {
    const limit = new PriorityLimit(1);
    const holder = gate();
    const controller = new AbortController();
    const first = limit.run(() => holder.done, 0, controller.signal);
    const started: number[] = [];
    const waiting = [0, 1, 2].map((i) => limit.run(async () => void started.push(i), 0, controller.signal));
    await flush();
    expect(started).toEqual([]);
    controller.abort();
    await Promise.all(waiting);
    expect(started).toEqual([0, 1, 2]);
    expect(limit.pendingCount).toBe(0);
    expect(limit.activeCount).toBe(1);
    // Work queued after the abort does not wait either; the released entries never start twice.
    await limit.run(async () => void started.push(3), 0, controller.signal);
    holder.release();
    await first;
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(limit.activeCount).toBe(0);
  });

  it('weighted work: beyond the floor, the next starts only while the running weight stays within the total; nothing overtakes the top', async () => {
    const limit = new PriorityLimit(10, { max: 10, floor: 2 });
    const gates = [gate(), gate(), gate(), gate(), gate()];
    const started: number[] = [];
    // Weights 6, 6 (the floor lets both run: 12 > 10), 3 (waits: 15 > 10), then 1 (waits behind the 3).
    const runs = [6, 6, 3, 1].map((w, i) => limit.run(async () => { started.push(i); await gates[i]!.done; }, 0, undefined, w));
    await flush();
    expect(started).toEqual([0, 1]);
    gates[0]!.release();
    await flush();
    // Running 6: the 3 fits (9), the 1 too (10).
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.release();
    await Promise.all(runs);
    // One piece heavier than the total still runs alone.
    await limit.run(async () => void started.push(9), 0, undefined, 50);
    expect(started.at(-1)).toBe(9);
  });

  it('a throwing task rejects its own promise and frees its slot', async () => {
    const limit = new PriorityLimit(1);
    await expect(limit.run(() => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(limit.run(async () => 7)).resolves.toBe(7);
  });

  it.each([0, -1, 1.5])('refuses concurrency %s', (n) => {
    expect(() => new PriorityLimit(n)).toThrow(RangeError);
  });
});

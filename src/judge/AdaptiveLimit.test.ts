/** AdaptiveLimit: multiplicative decrease on 429, additive recovery, never above the ceiling. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AdaptiveLimit } from './AdaptiveLimit.ts';

function recorded(max: number) {
  const changes: Array<[number, string]> = [];
  const limit = new AdaptiveLimit(max, (c, why) => changes.push([c, why]));
  return { limit, changes };
}

/** Lets queued p-limit work start. */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('AdaptiveLimit: throttling and recovery', () => {
  it('starts at the max', () => {
    expect(new AdaptiveLimit(8).concurrency).toBe(8);
  });

  it('halves once per window: a burst of 429s from one set of in-flight requests counts once', () => {
    const { limit, changes } = recorded(8);
    for (let i = 0; i < 8; i++) limit.throttled(); // eight requests in flight all got 429
    expect(limit.concurrency).toBe(4);
    expect(changes).toEqual([[4, 'throttled (429)']]);
    expect(limit.throttledCount).toBe(8);
  });

  it('halves again after a full window of responses, down to 1', () => {
    const { limit, changes } = recorded(8);
    const seen: number[] = [];
    for (let round = 0; round < 5; round++) {
      limit.throttled();
      seen.push(limit.concurrency);
      // A window of other responses (errors, not successes: no recovery) opens the next decrease: the window
      // is the requests that may have been in flight at the decrease, i.e. the limit before it.
      for (let i = 0; i < 8; i++) limit.observeStatus(500);
    }
    expect(seen).toEqual([4, 2, 1, 1, 1]);
    expect(changes.map(([c]) => c)).toEqual([4, 2, 1]);
  });

  it.each([
    [7, [3, 1]],
    [3, [1]],
    [1, []],
  ])('max %i halves with floor: %j', (max, steps) => {
    const { limit, changes } = recorded(max);
    for (let i = 0; i < 4; i++) {
      limit.throttled();
      for (let j = 0; j < max; j++) limit.observeStatus(500);
    }
    expect(changes.map(([c]) => c)).toEqual(steps);
    expect(limit.concurrency).toBe(1);
  });

  it('recovers additively: one more slot after as many successes as the current limit', () => {
    const { limit, changes } = recorded(5);
    for (let i = 0; i < 3; i++) {
      limit.throttled(); // 5 → 2 → 1
      for (let j = 0; j < 5; j++) limit.observeStatus(500);
    }
    changes.length = 0;
    const after: number[] = [];
    for (let i = 0; i < 10; i++) {
      limit.succeeded();
      after.push(limit.concurrency);
    }
    // 1 success → 2; 2 more → 3; 3 more → 4; 4 more → 5.
    expect(after).toEqual([2, 2, 3, 3, 3, 4, 4, 4, 4, 5]);
    expect(changes).toEqual([
      [2, 'recovering'],
      [3, 'recovering'],
      [4, 'recovering'],
      [5, 'recovering'],
    ]);
  });

  it('never exceeds the max, however many successes', () => {
    const { limit, changes } = recorded(3);
    for (let i = 0; i < 100; i++) limit.succeeded();
    expect(limit.concurrency).toBe(3);
    expect(changes).toEqual([]);
    limit.throttled();
    for (let i = 0; i < 100; i++) limit.succeeded();
    expect(limit.concurrency).toBe(3);
  });

  it('a throttle resets the success streak', () => {
    const { limit } = recorded(8);
    limit.throttled(); // 4
    for (let i = 0; i < 8; i++) limit.observeStatus(500); // the 8 in flight at the decrease answer
    limit.throttled(); // 2
    for (let i = 0; i < 3; i++) limit.observeStatus(500);
    limit.succeeded(); // 1 of 2; with the 500s the 4 in flight at the decrease have answered
    limit.throttled(); // 1, streak reset
    limit.succeeded(); // 1 of 1 → 2
    expect(limit.concurrency).toBe(2);
    limit.succeeded(); // 1 of 2
    expect(limit.concurrency).toBe(2);
  });
});

describe('AdaptiveLimit.run', () => {
  it('keeps at most `concurrency` tasks in flight, and fewer after a throttle', async () => {
    const limit = new AdaptiveLimit(4);
    let active = 0;
    const gates: Array<() => void> = [];
    const all = Array.from({ length: 10 }, () =>
      limit.run(async () => {
        active++;
        await new Promise<void>((r) => gates.push(r));
        active--;
      }),
    );
    await flush();
    expect(active).toBe(4);
    limit.throttled(); // 2 from now on; the 4 running tasks finish normally
    const trace: number[] = [];
    for (let guard = 0; gates.length && guard < 20; guard++) {
      gates.shift()!();
      await flush();
      trace.push(active);
    }
    // Drains to 2 in flight, stays there while the queue lasts, then empties.
    expect(trace).toEqual([3, 2, 2, 2, 2, 2, 2, 2, 1, 0]);
    await Promise.all(all);
  });

  it('returns the task result and passes its rejection through', async () => {
    const limit = new AdaptiveLimit(2);
    await expect(limit.run(async () => 42)).resolves.toBe(42);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});

describe('AdaptiveLimit.observe', () => {
  type Call = { input: unknown; init: unknown };

  function fakeFetch(statuses: number[]): { fetch: typeof fetch; calls: Call[] } {
    const calls: Call[] = [];
    return {
      calls,
      fetch: (async (input: unknown, init: unknown) => {
        calls.push({ input, init });
        return new Response('{}', { status: statuses[calls.length - 1] ?? 200 });
      }) as typeof fetch,
    };
  }

  it.each<[string, number[], number, number]>([
    ['a 429 halves the limit', [429], 2, 1],
    ['two 429s in one window halve once', [429, 429], 2, 2],
    ['a 429, a window of other answers, a 429: halves twice', [429, 500, 500, 500, 500, 429], 1, 2],
    ['a 429, fewer answers than were in flight, a 429: halves once', [429, 500, 500, 429], 2, 2],
    ['a 200 counts as a success', [200], 4, 0],
    ['a 500 is neither throttle nor success', [500], 4, 0],
  ])('%s', async (_name, statuses, concurrency, throttles) => {
    const limit = new AdaptiveLimit(4);
    const { fetch: inner } = fakeFetch(statuses);
    const observed = limit.observe(inner);
    for (const _ of statuses) await observed('http://x.invalid/');
    expect(limit.concurrency).toBe(concurrency);
    expect(limit.throttledCount).toBe(throttles);
  });

  it('successes after a 429 recover the limit', async () => {
    const limit = new AdaptiveLimit(2);
    const observed = limit.observe(fakeFetch([429, 200]).fetch);
    await observed('http://x.invalid/');
    expect(limit.concurrency).toBe(1);
    await observed('http://x.invalid/');
    expect(limit.concurrency).toBe(2);
  });

  it('passes input and init through and returns the response untouched', async () => {
    const limit = new AdaptiveLimit(4);
    const { fetch: inner, calls } = fakeFetch([201]);
    const init = { method: 'POST', body: '{"a":1}' };
    const res = await limit.observe(inner)('http://x.invalid/v1/chat/completions', init);
    expect(calls).toEqual([{ input: 'http://x.invalid/v1/chat/completions', init }]);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({});
  });

  it('a fetch that throws (connection refused) changes nothing and rethrows', async () => {
    const limit = new AdaptiveLimit(4);
    const observed = limit.observe((async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    await expect(observed('http://x.invalid/')).rejects.toThrow('fetch failed');
    expect(limit.concurrency).toBe(4);
    expect(limit.throttledCount).toBe(0);
  });

  it('wraps the real fetch against a local server: 429 vs ok', async () => {
    let n = 0;
    const server = createServer((_req, res) => {
      res.writeHead(n++ < 2 ? 429 : 200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const { limit, changes } = recorded(4);
      const observed = limit.observe();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await observed(url)).status);
      expect(statuses).toEqual([429, 429, 200]);
      // Both 429s fall in one window (fewer responses than the limit in between): one halving.
      expect(changes).toEqual([[2, 'throttled (429)']]);
      expect(limit.concurrency).toBe(2);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

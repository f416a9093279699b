/** The shared request queue: priorities, cache-aware dispatch per prefix group, and what is never sent. */
import { describe, expect, it } from 'vitest';
import { answer, createRecordingProvider, sampleQueue } from '../../test/fakes/recordingProvider.ts';
import { JudgeError } from '../errors.ts';
import { AdaptiveLimit } from './AdaptiveLimit.ts';
import type { Answer } from './Executor.ts';
import { RequestQueue } from './RequestQueue.ts';

const OK = JSON.stringify({ reasoning: 'r', evidence: [], verdict: 'undetected' });

/** A provider whose every answer waits until released, recording the order of sends by the body's tag. */
function gatedProvider() {
  const releases: Array<() => void> = [];
  const sent: string[] = [];
  const base = createRecordingProvider(sampleQueue(Array.from({ length: 50 }, () => OK)));
  const judge = {
    ...base,
    async send(request: { body: Record<string, unknown>; samples: number }, signal?: AbortSignal) {
      sent.push(String(request.body.tag));
      await new Promise<void>((r) => releases.push(r));
      return base.send(request, signal);
    },
  };
  return { judge, sent, releaseAll: () => releases.splice(0).forEach((r) => r()) };
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

const req = (tag: string) => ({ body: { tag }, samples: 1 });
const keep = async (a: Answer) => a;

describe('RequestQueue', () => {
  it('sends a group\'s first request alone; the rest follow its answer while other groups use the free slots', async () => {
    const { judge, sent, releaseAll } = gatedProvider();
    const queue = new RequestQueue({ limit: new AdaptiveLimit(4) });
    const runs = [
      queue.run(judge, req('a1'), 1, { priority: 1, group: 'A' }, keep),
      queue.run(judge, req('a2'), 1, { priority: 1, group: 'A' }, keep),
      queue.run(judge, req('a3'), 1, { priority: 1, group: 'A' }, keep),
      queue.run(judge, req('b1'), 1, { priority: 1, group: 'B' }, keep),
      queue.run(judge, req('b2'), 1, { priority: 1, group: 'B' }, keep),
    ];
    await flush();
    expect(sent).toEqual(['a1', 'b1']);
    expect(queue.stats).toEqual({ sent: 2, primers: 2 });
    releaseAll();
    await flush();
    expect(sent.slice(2).sort()).toEqual(['a2', 'a3', 'b2']);
    releaseAll();
    const answers = await Promise.all(runs);
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(queue.stats).toEqual({ sent: 5, primers: 2 });
  });

  it('a failed first answer still releases its group', async () => {
    const judge = createRecordingProvider((_r, i) => {
      if (i === 0) throw new JudgeError('boom', 'api-error');
      return answer([OK]);
    });
    const queue = new RequestQueue({ limit: new AdaptiveLimit(2) });
    const [first, second] = await Promise.all([
      queue.run(judge, req('x'), 1, { priority: 0, group: 'G' }, keep),
      queue.run(judge, req('y'), 1, { priority: 0, group: 'G' }, keep),
    ]);
    expect(first.ok).toBe(false);
    expect(second.ok).toBe(true);
  });

  it('takes waiting requests longest first, a group\'s first request before all', async () => {
    const { judge, sent, releaseAll } = gatedProvider();
    const queue = new RequestQueue({ limit: new AdaptiveLimit(1) });
    const blocker = queue.run(judge, req('blocker'), 1, { priority: 0, group: '' }, keep);
    await flush();
    const runs = [
      queue.run(judge, req('short'), 1, { priority: 10, group: '' }, keep),
      queue.run(judge, req('long'), 1, { priority: 500, group: '' }, keep),
      queue.run(judge, req('primer'), 1, { priority: 1, group: 'P' }, keep),
      queue.run(judge, req('middle'), 1, { priority: 100, group: '' }, keep),
    ];
    for (let i = 0; i < 6; i++) {
      releaseAll();
      await flush();
    }
    await Promise.all([blocker, ...runs]);
    expect(sent).toEqual(['blocker', 'primer', 'long', 'middle', 'short']);
  });

  it('sends nothing once the budget says stop or the run is interrupted, and says so', async () => {
    const judge = createRecordingProvider(sampleQueue([OK]));
    const controller = new AbortController();
    let stop: string | null = null;
    const requests: boolean[] = [];
    const queue = new RequestQueue({ limit: new AdaptiveLimit(2), signal: controller.signal, stopReason: () => stop, onRequest: (r) => requests.push(r.ok) });
    stop = '--max-cost reached';
    const budget = await queue.run(judge, req('a'), 1, { priority: 0, group: 'G' }, keep);
    expect(budget).toEqual({ ok: false, kind: 'budget', reason: '--max-cost reached', sent: false });
    stop = null;
    controller.abort();
    const interrupted = await queue.run(judge, req('b'), 1, { priority: 0, group: 'G' }, keep);
    expect(interrupted).toMatchObject({ ok: false, reason: 'interrupted', sent: false });
    expect(judge.calls).toHaveLength(0);
    expect(requests).toEqual([]);
  });

  it('an abort ends the waits at once: a send that ignores the signal, the requests behind its slot and its group', async () => {
    const sent: string[] = [];
    const base = createRecordingProvider(sampleQueue([OK]));
    // Like openai 6.x sleeping out a Retry-After: the signal is not looked at until the sleep ends.
    const judge = { ...base, send: (request: { body: Record<string, unknown> }) => (sent.push(String(request.body.tag)), new Promise<never>(() => {})) };
    const controller = new AbortController();
    const requests: boolean[] = [];
    const queue = new RequestQueue({ limit: new AdaptiveLimit(1), signal: controller.signal, onRequest: (r) => requests.push(r.ok) });
    const runs = [
      queue.run(judge, req('a1'), 1, { priority: 1, group: 'A' }, keep),
      queue.run(judge, req('a2'), 1, { priority: 1, group: 'A' }, keep),
      queue.run(judge, req('b1'), 1, { priority: 1, group: 'B' }, keep),
    ];
    await flush();
    expect(sent).toEqual(['a1']);
    controller.abort();
    const answers = await Promise.all(runs);
    expect(answers[0]).toMatchObject({ ok: false, reason: 'interrupted', sent: true });
    expect(answers.slice(1)).toEqual([
      { ok: false, kind: 'api-error', reason: 'interrupted', sent: false },
      { ok: false, kind: 'api-error', reason: 'interrupted', sent: false },
    ]);
    expect(sent).toEqual(['a1']);
    expect(requests).toEqual([false]);
  });

  it('passes the group to the provider as the request\'s cache hint', async () => {
    const judge = createRecordingProvider(sampleQueue([OK, OK]));
    const queue = new RequestQueue({ limit: new AdaptiveLimit(1) });
    await queue.run(judge, req('a'), 1, { priority: 0, group: 'rj-abc' }, keep);
    await queue.run(judge, req('b'), 1, { priority: 0, group: '' }, keep);
    expect(judge.calls.map((c) => c.cacheHint)).toEqual(['rj-abc', undefined]);
  });
});

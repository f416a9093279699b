import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './KeyedMutex.ts';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('KeyedMutex', () => {
  it('runs calls of one key one at a time, in order, and other keys alongside; a failure does not block the next', async () => {
    const m = new KeyedMutex();
    const log: string[] = [];
    const job = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const all = await Promise.allSettled([m.run('a', job('a1', true)), m.run('a', job('a2')), m.run('b', job('b1'))]);
    expect(all.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });
});

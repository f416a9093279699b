import { describe, expect, it } from 'vitest';
import { splitBatches } from './splitBatches.ts';

const size = (s: string) => s.length;

describe('splitBatches', () => {
  it.each([
    { name: 'nothing', entries: [], limits: { requests: 2, bytes: 100 }, want: [] },
    { name: 'all in one', entries: ['a', 'b', 'c'], limits: { requests: 5, bytes: 100 }, want: [['a', 'b', 'c']] },
    { name: 'by request count', entries: ['a', 'b', 'c', 'd', 'e'], limits: { requests: 2, bytes: 100 }, want: [['a', 'b'], ['c', 'd'], ['e']] },
    { name: 'by bytes (exactly at the limit fits)', entries: ['aaa', 'bb', 'c', 'dddd'], limits: { requests: 10, bytes: 6 }, want: [['aaa', 'bb', 'c'], ['dddd']] },
    { name: 'an entry over the byte limit alone', entries: ['a', 'bbbbbbbb', 'c'], limits: { requests: 10, bytes: 4 }, want: [['a'], ['bbbbbbbb'], ['c']] },
    { name: 'both limits', entries: ['aa', 'aa', 'aa', 'a'], limits: { requests: 2, bytes: 3 }, want: [['aa'], ['aa'], ['aa', 'a']] },
  ])('$name', ({ entries, limits, want }) => {
    const got = splitBatches(entries, limits, size);
    expect(got).toEqual(want);
    // nothing lost, nothing repeated, order kept
    expect(got.flat()).toEqual(entries);
    for (const b of got) expect(b.length <= limits.requests && (b.length === 1 || b.reduce((a, e) => a + size(e), 0) <= limits.bytes)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { Report } from '../types/Report.ts';
import { brokenThresholds } from './thresholds.ts';

const report = (means: Record<string, number>, runId = 'r'): Report =>
  ({ runId, prompts: Object.entries(means).map(([prompt, mean]) => ({ prompt, mean })) }) as unknown as Report;

describe('brokenThresholds', () => {
  it.each<[string, Record<string, number>, { failUnder?: number; maxDrop?: number }, Record<string, number> | null, number]>([
    ['no thresholds', { baseline: 3 }, {}, null, 0],
    ['mean equal to --fail-under holds', { baseline: 7 }, { failUnder: 7 }, null, 0],
    ['mean under --fail-under breaks', { baseline: 6.5, v: 8 }, { failUnder: 7 }, null, 1],
    ['drop equal to --max-drop holds', { baseline: 7 }, { maxDrop: 0.5 }, { baseline: 7.5 }, 0],
    ['drop over --max-drop breaks', { baseline: 6.5 }, { maxDrop: 0.5 }, { baseline: 7.5 }, 1],
    ['a prompt absent before is not a drop', { fresh: 1 }, { maxDrop: 0.5 }, { baseline: 7.5 }, 0],
    ['a rise is never a drop', { baseline: 9 }, { maxDrop: 0 }, { baseline: 7.5 }, 0],
    ['both broken', { baseline: 5 }, { failUnder: 6, maxDrop: 1 }, { baseline: 7 }, 2],
  ])('%s', (_name, now, t, before, broken) => {
    expect(brokenThresholds(report(now), t, before ? report(before, 'prev') : null, 'round 6')).toHaveLength(broken);
  });
});

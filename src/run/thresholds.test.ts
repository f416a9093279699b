import { describe, expect, it } from 'vitest';
import type { Report } from '../types/Report.ts';
import { brokenThresholds, undecidedThresholds } from './thresholds.ts';

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

describe('thresholds act only on complete data', () => {
  const withUnscored = (means: Record<string, number>, unscored: Record<string, number>, runId = 'r'): Report =>
    ({
      runId,
      prompts: Object.entries(means).map(([prompt, mean]) => ({ prompt, mean })),
      unscored: Object.entries(unscored).flatMap(([prompt, n]) => Array.from({ length: n }, (_, i) => ({ prompt, run: 1, unit: `P0${i + 1}`, reason: 'api-error' }))),
    }) as unknown as Report;

  it.each<[string, Report, { failUnder?: number; maxDrop?: number }, Report | null, number, number]>([
    ['judge down: mean 0 with every unit unscored is not under --fail-under', withUnscored({ baseline: 0 }, { baseline: 10 }), { failUnder: 3 }, null, 0, 1],
    ['half the calls failed: the drop is not decided', withUnscored({ baseline: 1.5 }, { baseline: 5 }), { maxDrop: 0.5 }, withUnscored({ baseline: 3.75 }, {}), 0, 1],
    ['an incomplete earlier night cannot show a drop either', withUnscored({ baseline: 3 }, {}), { maxDrop: 0.5 }, withUnscored({ baseline: 4 }, { baseline: 1 }), 0, 1],
    ['another prompt\'s unscored units do not matter', withUnscored({ baseline: 2, v: 8 }, { v: 3 }), { failUnder: 3 }, null, 1, 0],
    ['complete data breaks as before', withUnscored({ baseline: 2 }, {}), { failUnder: 3 }, null, 1, 0],
  ])('%s', (_name, now, t, before, broken, undecided) => {
    expect(brokenThresholds(now, t, before, 'round 6')).toHaveLength(broken);
    const open = undecidedThresholds(now, t, before, 'round 6');
    expect(open).toHaveLength(undecided);
    for (const line of open) expect(line).toMatch(/not decided: \d+ unscored units? behind it/);
  });
});

import { describe, expect, it } from 'vitest';
import { night, prompt } from '../../test/fixtures/overview/sampleOverview.ts';
import { groupNights } from './groupNights.ts';

describe('groupNights', () => {
  it('groups by series then round (no round last), nights oldest first, baselines first then prompts by name', () => {
    const nights = [
      night({ folder: 'b', createdAt: '2026-11-24T02:00:00Z', prompts: [prompt('zeta', 1), prompt('alpha', 2), prompt('baseline', 3)] }),
      night({ folder: 'a', createdAt: '2026-11-23T02:00:00Z', prompts: [prompt('mid', 1), prompt('baseline', 3)] }),
      night({ folder: 'c', createdAt: '2026-11-23T02:00:00Z', round: null }),
      night({ folder: 'd', createdAt: '2026-11-23T02:00:00Z', round: 10 }),
      night({ folder: 'e', createdAt: '2026-11-23T02:00:00Z', round: 2, series: 'api-design' }),
    ];
    const groups = groupNights(nights);
    expect(groups.map((g) => [g.series, g.round, g.nights.map((x) => x.folder)])).toEqual([
      ['api-design', 2, ['e']],
      ['reliability-design', 1, ['a', 'b']],
      ['reliability-design', 10, ['d']],
      ['reliability-design', null, ['c']],
    ]);
    expect(groups[1]!.prompts).toEqual(['baseline', 'alpha', 'mid', 'zeta']);
  });

  it('orders nights of the same time by run id, never by the folder listing', () => {
    const same = (folder: string, runId: string) => night({ folder, runId, createdAt: '2026-11-23T02:00:00Z' });
    expect(groupNights([same('x', '2'), same('y', '1')])[0]!.nights.map((x) => x.folder)).toEqual(['y', 'x']);
  });
});

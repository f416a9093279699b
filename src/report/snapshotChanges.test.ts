import { describe, expect, it } from 'vitest';
import { night } from '../../test/fixtures/overview/sampleOverview.ts';
import type { Night } from '../types/RunsOverview.ts';
import { snapshotChanges, snapshotChangeText } from './snapshotChanges.ts';

const J = 'openai:gpt-6-luna';
/** A night of `round` at day `day` served by `models` (judge J unless `judge:model`). */
const n = (day: number, round: number, ...models: string[]): Night =>
  night({
    folder: `d${day}-r${round}`,
    createdAt: `2026-11-${String(day).padStart(2, '0')}T02:00:0${round}Z`,
    round,
    snapshots: models.map((m) => (m.includes(':') ? { judge: m.split('=')[0]!, servedModel: m.split('=')[1]! } : { judge: J, servedModel: m })),
  });

describe('snapshotChanges', () => {
  it.each([
    ['the same snapshot every night: nothing', [n(1, 1, 'a'), n(2, 1, 'a'), n(3, 1, 'a')], [[], [], []]],
    ['another snapshot the next night', [n(1, 1, 'a'), n(2, 1, 'b')], [[], ['J: a → b']]],
    ['a change back is a change too', [n(1, 1, 'a'), n(2, 1, 'b'), n(3, 1, 'a')], [[], ['J: a → b'], ['J: b → a']]],
    ['several snapshots in one night: drift inside the run', [n(1, 1, 'a', 'b')], [['J: several snapshots in one run (a, b)']]],
    ['a night recording none is skipped, not a change', [n(1, 1, 'a'), n(2, 1), n(3, 1, 'a')], [[], [], []]],
    ['a judge compares with the last night it judged', [n(1, 1, 'a'), n(2, 1, 'x:y=m'), n(3, 1, 'b')], [[], [], ['J: a → b']]],
    ['every round of a nightly shows the change, whatever the order', [n(1, 1, 'a'), n(1, 2, 'a'), n(2, 1, 'b'), n(2, 2, 'b')], [[], [], ['J: a → b'], ['J: a → b']]],
    ["a round's first night compares with the series' latest", [n(1, 1, 'a'), n(2, 2, 'b')], [[], ['J: a → b']]],
  ])('%s', (_, nights, expected) => {
    const changes = snapshotChanges([...nights].reverse());
    expect(nights.map((x) => changes.get(x)!.map((c) => snapshotChangeText(c).replace(J, 'J')))).toEqual(expected);
  });
});

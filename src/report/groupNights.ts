import type { Night } from '../types/RunsOverview.ts';
import { byTime, snapshotChanges, type SnapshotChange } from './snapshotChanges.ts';

/** One series × round of the dashboard: its nights oldest first, its prompts in a stable order, and the snapshot changes per night. */
export interface NightGroup {
  series: string;
  round: number | null;
  nights: Night[];
  /** Baselines first, then by name: the order of the trend colours and the table columns. */
  prompts: string[];
  changes: Map<Night, SnapshotChange[]>;
}

/** Pure: nights grouped by series and round (series by name, rounds ascending, no round last). */
export function groupNights(nights: readonly Night[]): NightGroup[] {
  const bySeries = new Map<string, Night[]>();
  for (const n of nights) push(bySeries, n.series, n);
  const groups: NightGroup[] = [];
  for (const series of [...bySeries.keys()].sort(compareText)) {
    const all = bySeries.get(series)!;
    // Changes are found over the whole series: a round's first night compares with the series' previous night.
    const changes = snapshotChanges(all);
    const byRound = new Map<number | null, Night[]>();
    for (const n of all) push(byRound, n.round, n);
    const rounds = [...byRound.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a - b));
    for (const round of rounds) {
      const list = byRound.get(round)!.sort(byTime);
      groups.push({ series, round, nights: list, prompts: promptOrder(list), changes: new Map(list.map((n) => [n, changes.get(n) ?? []])) });
    }
  }
  return groups;
}

function push<K>(map: Map<K, Night[]>, key: K, night: Night): void {
  const list = map.get(key);
  if (list) list.push(night);
  else map.set(key, [night]);
}

function promptOrder(nights: readonly Night[]): string[] {
  const baseline = new Set(nights.flatMap((n) => n.prompts.filter((p) => p.baseline).map((p) => p.prompt)));
  const all = [...new Set(nights.flatMap((n) => n.prompts.map((p) => p.prompt)))];
  return all.sort((a, b) => Number(baseline.has(b)) - Number(baseline.has(a)) || compareText(a, b));
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

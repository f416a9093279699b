import type { Night } from '../types/RunsOverview.ts';

/** A judge whose served snapshot differs from its previous night, or that answered with several snapshots in one night. */
export interface SnapshotChange {
  judge: string;
  /** Snapshots of the previous night that had this judge (empty for `mixed`). */
  from: string[];
  to: string[];
  /** `changed`: another snapshot than the night before; `mixed`: several in this night (drift inside one run). */
  kind: 'changed' | 'mixed';
}

/**
 * Pure: the snapshot changes to flag per night of one series (`nights` in any order). A judge is
 * compared with the previous night of the same round that it judged, and in a round's first night
 * with the latest earlier night of the series — so a change shows in every round's table, however
 * a nightly interleaves the rounds. Nights that record no snapshots (imported runs, older reports)
 * are skipped, never read as a change.
 */
export function snapshotChanges(nights: readonly Night[]): Map<Night, SnapshotChange[]> {
  const inRound = new Map<string, string[]>();
  const inSeries = new Map<string, string[]>();
  const out = new Map<Night, SnapshotChange[]>();
  for (const night of [...nights].sort(byTime)) {
    const byJudge = new Map<string, Set<string>>();
    for (const s of night.snapshots) byJudge.set(s.judge, (byJudge.get(s.judge) ?? new Set()).add(s.servedModel));
    const changes: SnapshotChange[] = [];
    for (const [judge, models] of [...byJudge].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const to = [...models].sort();
      const roundKey = `${night.round}\u0000${judge}`;
      const from = inRound.get(roundKey) ?? inSeries.get(judge);
      if (to.length > 1) changes.push({ judge, from: [], to, kind: 'mixed' });
      else if (from && from.join('\n') !== to.join('\n')) changes.push({ judge, from, to, kind: 'changed' });
      inRound.set(roundKey, to);
      inSeries.set(judge, to);
    }
    out.set(night, changes);
  }
  return out;
}

/** Oldest first; the run id breaks ties so the order never depends on the folder listing. */
export function byTime(a: Night, b: Night): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0;
}

/** One change in words: `openai:gpt-4.1-mini: gpt-4.1-mini-2025-04-14 → gpt-4.1-mini-2026-01-10`. Plain text, unescaped. */
export function snapshotChangeText(c: SnapshotChange): string {
  return c.kind === 'mixed' ? `${c.judge}: several snapshots in one run (${c.to.join(', ')})` : `${c.judge}: ${c.from.join(', ')} → ${c.to.join(', ')}`;
}

import type { AuditOutput } from './audit.ts';
import { normalizeForQuote } from './evidence.ts';
import type { ReviewIndex } from './reviewIndex.ts';

/** One finding as one vote listed it, placed in the review when its quote verifies. */
export interface Mention {
  finding: AuditOutput['findings'][number];
  voter: number;
  span: { start: number; end: number } | null;
}

/** Mentions that name the same finding of the review, at most one per voter. */
export type Cluster = Mention[];

const locationKey = (m: Mention) => normalizeForQuote(m.finding.location).replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Pure: the votes' findings grouped into the review's findings by where their quotes sit, not by
 * the location text a model writes ("Issue #14" and "### 14. …" are one finding when they quote the
 * same passage). Three steps:
 * 1. mentions whose quoted passages overlap are one finding (transitively);
 * 2. within one heading section, findings with disjoint voters are merged (two votes quoting
 *    different sentences of one finding) — unless some voter listed two findings apart in that
 *    section, which then holds several findings and keeps them apart;
 * 3. a mention whose quote does not verify joins a placed finding of the same location text that
 *    its voter has not listed yet, else groups with others of its location text (or quote).
 * A voter listing one finding twice keeps its first mention: one vote per finding.
 */
export function auditClusters(outputs: readonly AuditOutput[], index: ReviewIndex): Cluster[] {
  const placed: Mention[] = [];
  const loose: Mention[] = [];
  outputs.forEach((out, voter) => {
    for (const finding of out.findings) {
      const span = index.locate(finding.quote);
      (span ? placed : loose).push({ finding, voter, span });
    }
  });
  placed.sort((a, b) => a.span!.start - b.span!.start || a.voter - b.voter);
  // 1. Overlapping passages: sorted by start, a mention joins the open group while it overlaps it.
  const groups: Mention[][] = [];
  let reach = -Infinity;
  for (const m of placed) {
    const span = m.span!;
    if (groups.length && span.start < reach) {
      groups[groups.length - 1]!.push(m);
      reach = Math.max(reach, span.end);
    } else {
      groups.push([m]);
      reach = span.end;
    }
  }
  // 2. Same section, disjoint voters — unless a voter listed two findings apart in that section: it holds several.
  const sectionOf = (g: Mention[]) => index.sectionAt(g[0]!.span!.start);
  const several = new Set<number>();
  const seenIn = new Map<string, number>();
  for (const g of groups) {
    for (const v of new Set(g.map((m) => m.voter))) {
      const k = `${sectionOf(g)}:${v}`;
      seenIn.set(k, (seenIn.get(k) ?? 0) + 1);
      if (seenIn.get(k)! > 1) several.add(sectionOf(g));
    }
  }
  const merged: Mention[][] = [];
  for (const g of groups) {
    const section = sectionOf(g);
    const mine = new Set(g.map((m) => m.voter));
    const target = section >= 0 && !several.has(section) ? merged.find((c) => sectionOf(c) === section && !c.some((m) => mine.has(m.voter))) : undefined;
    if (target) target.push(...g);
    else merged.push([...g]);
  }
  // 3. Unplaced mentions.
  const byText = new Map<string, Mention[]>();
  for (const m of loose) {
    const loc = locationKey(m);
    const home = loc.length >= 2 ? merged.find((c) => c.some((x) => locationKey(x) === loc) && !c.some((x) => x.voter === m.voter)) : undefined;
    if (home) {
      home.push(m);
      continue;
    }
    const k = loc.length >= 2 ? `l:${loc}` : `q:${normalizeForQuote(m.finding.quote).slice(0, 60)}`;
    byText.set(k, [...(byText.get(k) ?? []), m]);
  }
  return [...merged, ...byText.values()].map(firstPerVoter);
}

function firstPerVoter(c: Mention[]): Cluster {
  const seen = new Set<number>();
  return c.filter((m) => (seen.has(m.voter) ? false : (seen.add(m.voter), true)));
}

/** Whether two passages of the review overlap (used to give one finding one credit). */
export function spansOverlap(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

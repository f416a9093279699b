import type { Report } from '../types/Report.ts';

/** Threshold flags of a nightly run. */
export interface Thresholds {
  /** `--fail-under SCORE`: every prompt's mean must reach this. */
  failUnder?: number;
  /** `--max-drop POINTS` with `--compare-to`: no prompt's mean may drop by more than this. */
  maxDrop?: number;
}

/** Pure: the broken thresholds of one report, as one-line messages (empty when all hold). */
export function brokenThresholds(report: Report, t: Thresholds, previous: Report | null, label: string): string[] {
  const out: string[] = [];
  for (const p of report.prompts) {
    if (t.failUnder !== undefined && p.mean < t.failUnder) {
      out.push(`${label} ${p.prompt}: mean ${fmt(p.mean)} is under --fail-under ${fmt(t.failUnder)}`);
    }
    const before = previous?.prompts.find((q) => q.prompt === p.prompt);
    if (t.maxDrop !== undefined && before && before.mean - p.mean > t.maxDrop + 1e-9) {
      out.push(`${label} ${p.prompt}: mean dropped ${fmt(before.mean)} → ${fmt(p.mean)} (−${fmt(before.mean - p.mean)} > --max-drop ${fmt(t.maxDrop)}) against run ${previous!.runId}`);
    }
  }
  return out;
}

function fmt(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

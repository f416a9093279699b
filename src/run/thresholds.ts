import type { Report } from '../types/Report.ts';

/** Threshold flags of a nightly run. */
export interface Thresholds {
  /** `--fail-under SCORE`: every prompt's mean must reach this. */
  failUnder?: number;
  /** `--max-drop POINTS` with `--compare-to`: no prompt's mean may drop by more than this. */
  maxDrop?: number;
}

/** Units of a prompt that are unscored in a report (detection and audit): its mean leaves them out. */
function missingOf(report: Report | null, prompt: string): number {
  return (report?.unscored ?? []).filter((u) => u.prompt === prompt).length;
}

interface Check {
  line: string;
  /** Unscored units behind the numbers compared (now and before): the check cannot decide when > 0. */
  missing: number;
}

function checks(report: Report, t: Thresholds, previous: Report | null, label: string): Check[] {
  const out: Check[] = [];
  for (const p of report.prompts) {
    const now = missingOf(report, p.prompt);
    if (t.failUnder !== undefined && p.mean < t.failUnder) {
      out.push({ line: `${label} ${p.prompt}: mean ${fmt(p.mean)} is under --fail-under ${fmt(t.failUnder)}`, missing: now });
    }
    const before = previous?.prompts.find((q) => q.prompt === p.prompt);
    if (t.maxDrop !== undefined && before && before.mean - p.mean > t.maxDrop + 1e-9) {
      out.push({
        line: `${label} ${p.prompt}: mean dropped ${fmt(before.mean)} → ${fmt(p.mean)} (−${fmt(before.mean - p.mean)} > --max-drop ${fmt(t.maxDrop)}) against run ${previous!.runId}`,
        missing: now + missingOf(previous, p.prompt),
      });
    }
  }
  return out;
}

/**
 * Pure: the broken thresholds of one report, as one-line messages (empty when all hold). Only
 * complete data can break a threshold: a mean that leaves unscored units out is not a low score.
 */
export function brokenThresholds(report: Report, t: Thresholds, previous: Report | null, label: string): string[] {
  return checks(report, t, previous, label).filter((c) => c.missing === 0).map((c) => c.line);
}

/** Pure: thresholds that would break but cannot be decided, because units behind the means are unscored. */
export function undecidedThresholds(report: Report, t: Thresholds, previous: Report | null, label: string): string[] {
  return checks(report, t, previous, label)
    .filter((c) => c.missing > 0)
    .map((c) => `${c.line} — not decided: ${c.missing} unscored unit${c.missing === 1 ? '' : 's'} behind it (the exit says unscored, not threshold)`);
}

function fmt(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

import type { Report } from '../types/Report.ts';
import { DEFAULT_MAX_DEMOTED_SHARE } from '../score/evidenceCount.ts';

/** Threshold flags of a nightly run. */
export interface Thresholds {
  /** `--fail-under SCORE`: every prompt's mean must reach this. */
  failUnder?: number;
  /** `--max-drop POINTS` with `--compare-to`: no prompt's mean may drop by more than this. */
  maxDrop?: number;
  /** `--max-demoted-share SHARE`: above this share of ○/△ votes demoted to × the judge's quotes are suspect (default 0.25). */
  maxDemotedShare?: number;
}


/** Units of a prompt that are unscored in a report (detection and audit): its mean leaves them out. */
function missingOf(report: Report | null, prompt: string): number {
  return (report?.unscored ?? []).filter((u) => u.prompt === prompt).length;
}

/**
 * Pure: one line when the report's share of ○/△ votes demoted by the evidence check exceeds the
 * limit — the judge or its quotes are suspect, not the reviews — else null.
 */
export function suspectEvidence(report: Report, t: Thresholds, label: string): string | null {
  const limit = t.maxDemotedShare ?? DEFAULT_MAX_DEMOTED_SHARE;
  const e = report.evidence;
  if (!e || e.votes === 0 || e.demotedShare <= limit + 1e-9) return null;
  return (
    `${label}: the evidence check demoted ${e.demoted} of ${e.votes} ○/△ votes to × (${pct(e.demotedShare)} > --max-demoted-share ${pct(limit)}): ` +
    `the judge's quotes are not in the reviews, so the judge or the quotes are suspect, not the reviews (see review-judge quote-check)`
  );
}

interface Check {
  line: string;
  /** Why the check cannot decide (unscored units behind it, suspect evidence), or null. */
  blocker: string | null;
}

function checks(report: Report, t: Thresholds, previous: Report | null, label: string): Check[] {
  const out: Check[] = [];
  const suspect = suspectEvidence(report, t, label) ? `the evidence check demoted ${pct(report.evidence.demotedShare)} of ○/△ votes (the exit says suspect evidence, not threshold)` : null;
  const blockerOf = (missing: number) =>
    missing > 0 ? `${missing} unscored unit${missing === 1 ? '' : 's'} behind it (the exit says unscored, not threshold)` : suspect;
  for (const p of report.prompts) {
    const now = missingOf(report, p.prompt);
    if (t.failUnder !== undefined && p.mean < t.failUnder) {
      out.push({ line: `${label} ${p.prompt}: mean ${fmt(p.mean)} is under --fail-under ${fmt(t.failUnder)}`, blocker: blockerOf(now) });
    }
    const before = previous?.prompts.find((q) => q.prompt === p.prompt);
    if (t.maxDrop !== undefined && before && before.mean - p.mean > t.maxDrop + 1e-9) {
      out.push({
        line: `${label} ${p.prompt}: mean dropped ${fmt(before.mean)} → ${fmt(p.mean)} (−${fmt(before.mean - p.mean)} > --max-drop ${fmt(t.maxDrop)}) against run ${previous!.runId}`,
        blocker: blockerOf(now + missingOf(previous, p.prompt)),
      });
    }
  }
  return out;
}

/**
 * Pure: the broken thresholds of one report, as one-line messages (empty when all hold). Only
 * complete, trustworthy data can break a threshold: a mean that leaves unscored units out, or one
 * pulled down by demoted votes of a suspect judge, is not a low score.
 */
export function brokenThresholds(report: Report, t: Thresholds, previous: Report | null, label: string): string[] {
  return checks(report, t, previous, label).filter((c) => c.blocker === null).map((c) => c.line);
}

/** Pure: thresholds that would break but cannot be decided (unscored units or suspect evidence behind the means). */
export function undecidedThresholds(report: Report, t: Thresholds, previous: Report | null, label: string): string[] {
  return checks(report, t, previous, label)
    .filter((c) => c.blocker !== null)
    .map((c) => `${c.line} — not decided: ${c.blocker}`);
}

function fmt(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

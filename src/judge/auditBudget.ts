import type { OutputTokens } from '../types/Provider.ts';

/**
 * Output tokens budgeted per finding an audit may list: the top of the 105–161 tokens per listed
 * finding measured when audits listed every finding (BENCHMARKS.md, 2026-12-01). The budget does not
 * count on the shorter answers the prompt now asks for.
 */
export const AUDIT_TOKENS_PER_FINDING = 160;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{2,6}\s/;
const TABLE_SEPARATOR = /^\|?[\s:|-]+\|?$/;

/**
 * Pure: how many findings a review may hold, counted generously: its headings below the title (H2–H6)
 * plus its table body rows (a findings table has one row per finding), outside code fences. Summary
 * tables and section headings count too: an over-large cap costs nothing, a short one loses the audit.
 */
export function findingCandidates(text: string): number {
  let count = 0;
  let fence: string | null = null;
  let inTable = false;
  for (const line of text.split(/\r?\n/)) {
    const f = FENCE.exec(line);
    if (f) {
      const mark = f[1]!;
      if (fence === null) fence = mark;
      else if (mark[0] === fence[0] && mark.length >= fence.length) fence = null;
      inTable = false;
      continue;
    }
    if (fence !== null) continue;
    const t = line.trim();
    if (t.startsWith('|')) {
      // The first row of a table is its header, the second its separator.
      if (inTable && !TABLE_SEPARATOR.test(t)) count++;
      inTable = true;
      continue;
    }
    inTable = false;
    if (HEADING.test(line)) count++;
  }
  return count;
}

/**
 * Pure: the output budget of a review's audit for one judge: the judge's usual budget (room for a
 * detection answer and any hidden reasoning) plus AUDIT_TOKENS_PER_FINDING per finding candidate,
 * never above the model's documented maximum (the usual budget where none is documented).
 */
export function auditOutputTokens(candidates: number, limits: OutputTokens): number {
  return Math.min(limits.max, limits.budget + AUDIT_TOKENS_PER_FINDING * Math.max(0, candidates));
}

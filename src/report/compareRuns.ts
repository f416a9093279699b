import type { Report } from '../types/Report.ts';
import type { Verdicts } from '../types/Verdicts.ts';

/** One side of a run-vs-run comparison. */
export interface RunSide {
  runId: string;
  judges: string[];
  report: Report;
  verdicts: Verdicts;
}

/** Run A against run B of the same answer key: means, and every unit whose verdict changed. */
export interface RunComparison {
  a: string;
  b: string;
  prompts: Array<{ prompt: string; meanA: number | null; meanB: number | null; difference: number | null }>;
  matchedUnits: number;
  agreement: number | null;
  changes: Array<{ prompt: string; run: number; unit: string; a: string; b: string }>;
}

/** Pure: compares two runs unit by unit (matched on prompt, run and unit id). */
export function compareRuns(a: RunSide, b: RunSide): RunComparison {
  const id = (u: { review: { prompt: string; run: number }; unit: string }) => `${u.review.prompt}\u0000${u.review.run}\u0000${u.unit}`;
  const inB = new Map(b.verdicts.units.map((u) => [id(u), u]));
  const changes: RunComparison['changes'] = [];
  let matched = 0;
  let same = 0;
  for (const u of a.verdicts.units) {
    const v = inB.get(id(u));
    if (!v) continue;
    matched++;
    if (u.verdict === v.verdict) same++;
    else changes.push({ prompt: u.review.prompt, run: u.review.run, unit: u.unit, a: u.verdict, b: v.verdict });
  }
  const names = [...new Set([...a.report.prompts.map((p) => p.prompt), ...b.report.prompts.map((p) => p.prompt)])];
  const prompts = names.map((prompt) => {
    const meanA = a.report.prompts.find((p) => p.prompt === prompt)?.mean ?? null;
    const meanB = b.report.prompts.find((p) => p.prompt === prompt)?.mean ?? null;
    return { prompt, meanA, meanB, difference: meanA !== null && meanB !== null ? Math.round((meanB - meanA) * 1e9) / 1e9 : null };
  });
  return { a: a.runId, b: b.runId, prompts, matchedUnits: matched, agreement: matched ? Math.round((same / matched) * 1e4) / 1e4 : null, changes };
}

/** Markdown for a run-vs-run comparison (fits a pull-request comment). */
export function renderRunComparison(c: RunComparison, a: RunSide, b: RunSide): string {
  const num = (x: number | null) => (x === null ? '–' : String(x));
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    `## Run ${c.a} vs run ${c.b}`,
    '',
    `A judges: ${a.judges.join(', ')} · B judges: ${b.judges.join(', ')}`,
    '',
    '| prompt | mean A | mean B | B − A |',
    '|---|---|---|---|',
    ...c.prompts.map((p) => `| ${cell(p.prompt)} | ${num(p.meanA)} | ${num(p.meanB)} | ${p.difference === null ? '–' : (p.difference > 0 ? '+' : '') + p.difference} |`),
    '',
    `Units matched: ${c.matchedUnits}; same verdict: ${c.agreement === null ? '–' : `${Math.round(c.agreement * 1000) / 10}%`}; changed: ${c.changes.length}.`,
  ];
  if (c.changes.length) {
    lines.push('', '| review | unit | A | B |', '|---|---|---|---|');
    for (const ch of c.changes.slice(0, 200)) lines.push(`| ${cell(ch.prompt)} r${ch.run} | ${ch.unit} | ${ch.a} | ${ch.b} |`);
    if (c.changes.length > 200) lines.push('', `… ${c.changes.length - 200} more changes in --json output`);
  }
  return lines.join('\n') + '\n';
}

import { describe, expect, it } from 'vitest';
import { buildReport } from '../score/buildReport.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import { formatVerdictTable } from './formatVerdictTable.ts';
import { audit, keyOf, unitsOf } from '../score/testVerdicts.ts';
import type { Verdicts } from '../types/Verdicts.ts';

describe('formatVerdictTable', () => {
  it('shows each run\'s totals from the report, so a rubric override changes the terminal exactly as report.json', () => {
    const verdicts: Verdicts = {
      runId: 'r',
      units: [...unitsOf('baseline', 1, '○△×'), ...unitsOf('baseline', 2, '○?○'), ...unitsOf('variant', 1, '○○△')],
      audits: [audit('baseline', 1, ['B01'], 0), audit('baseline', 2, [], 1), audit('variant', 1, [null, 'B02'], 0)],
    };
    const doubled = { ...DEFAULT_RUBRIC, points: { '○': 2, '△': 1, '×': 0 } };
    for (const rubric of [DEFAULT_RUBRIC, doubled]) {
      const report = buildReport({ verdicts, key: keyOf('P01', 'P02', 'P03'), rubric, round: 1, title: 't' });
      const table = formatVerdictTable(verdicts, ['P01', 'P02', 'P03'], report);
      for (const p of report.prompts) for (const r of p.runs) {
        const row = table.split('\n').find((l) => l.startsWith(`${p.prompt} run${r.run} `))!;
        expect(row).toMatch(new RegExp(`\\s${r.detection}\\s+\\+${r.bonus}\\s+−${r.penalty}\\s+${r.total}(\\s|$)`));
        expect(row.includes('unscored')).toBe(r.unscored.length > 0);
      }
    }
  });
});

it('the doubled rubric really changes the totals (the check above compares two different tables)', () => {
  const verdicts: Verdicts = { runId: 'r', units: unitsOf('baseline', 1, '○○○') };
  const t = (points: Record<'○' | '△' | '×', number>) => formatVerdictTable(verdicts, ['P01', 'P02', 'P03'], buildReport({ verdicts, key: keyOf('P01', 'P02', 'P03'), rubric: { ...DEFAULT_RUBRIC, points }, round: 1, title: 't' }));
  expect(t({ '○': 1, '△': 0.5, '×': 0 })).not.toBe(t({ '○': 2, '△': 1, '×': 0 }));
});

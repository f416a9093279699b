import { describe, expect, it } from 'vitest';
import { AnswerKey } from '../../types/AnswerKey.ts';
import { parseScoringFile } from '../../history/parseScoringFile.ts';
import { Verdicts } from '../../types/Verdicts.ts';
import { key, report, verdicts } from '../../../test/fixtures/workflow-files/fixtureRound.ts';
import { expectGolden } from '../../../test/fixtures/workflow-files/golden.ts';
import { Report } from '../../types/Report.ts';
import { renderScoringFile, renderScoringSummary } from './renderScoringFile.ts';
import { parseScoringFileName, scoringFileName } from './workflowFileNames.ts';

// Golden files live in test/fixtures/workflow-files/ under the names the workflow gives them.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run src/report/workflow — then read the diff.

const render = (prompt: string) => renderScoringFile(report, verdicts, key, prompt);

/** The lines of the section under `## title`, up to the next `## `. */
function section(md: string, title: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Cells of the table row starting with `| id |` inside some lines. */
function row(lines: string[], id: string): string[] {
  const l = lines.find((x) => x.startsWith(`| ${id} |`));
  if (!l) throw new Error(`no row ${id}`);
  return l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
}

describe('renderScoringFile', () => {
  it('the fixture is a valid report, verdicts and key', () => {
    expect(Report.parse(report)).toEqual(report);
    expect(Verdicts.parse(verdicts)).toEqual(verdicts);
    expect(AnswerKey.parse(key)).toEqual(key);
  });

  it.each(['baseline', 'variant-retry'])('matches the golden file for %s', (prompt) => {
    expectGolden(render(prompt), scoringFileName(6, prompt));
  });

  it('has the sections of a Phase 4 scoring file, in order, under the workflow title', () => {
    const md = render('baseline');
    expect(md.split('\n')[0]).toBe('# 採点結果: v006-baseline');
    const h2 = md.split('\n').filter((l) => l.startsWith('## '));
    expect(h2).toEqual(['## 実行条件', '## 問題別検出マトリクス', '## 検出判定の詳細', '## ボーナス/ペナルティ詳細', '## スコア計算', '## スコアサマリ']);
    expect(parseScoringFileName(`${md.split('\n')[0]!.slice('# 採点結果: '.length)}-scoring.md`)).toEqual({ round: 6, prompt: 'baseline' });
  });

  it('ends with the compact summary the Phase 4 template asks for, with the report numbers', () => {
    for (const p of report.prompts) {
      const lines = section(render(p.prompt), 'スコアサマリ').filter((l) => l && l !== '```');
      expect(lines).toEqual(renderScoringSummary(report, key, p.prompt));
      const head = /^(\S+): Mean=(\d+\.\d+), SD=(\d+\.\d+)$/.exec(lines[0]!);
      expect(head?.[1]).toBe(`v006-${p.prompt}`);
      expect(Number(head?.[2])).toBe(p.mean);
      expect(Number(head?.[3])).toBe(p.sd);
      const runs = [...lines[1]!.matchAll(/Run(\d+)=(\d+\.\d+)\(検出(\d+\.\d+)\+bonus(\d+)-penalty(\d+)\)/g)];
      expect(runs.map((m) => m.slice(1).map(Number))).toEqual(p.runs.map((r) => [r.run, r.total, r.detection, r.bonusCount, r.penaltyCount]));
    }
  });

  it('shows each run total with its formula, and mean, SD and stability where the workflow puts them', () => {
    const calc = section(render('baseline'), 'スコア計算').join('\n');
    expect(calc).toContain('run_score = Σ(検出スコア) + (ボーナス件数 × 0.5) - (ペナルティ件数 × 0.5)');
    expect(calc).toContain('Run1合計: 2.5 + 0.5 - 0.5 = 2.5');
    expect(calc).toContain('Run2合計: 2.0 + 0.0 - 0.0 = 2.0');
    expect(calc).toContain('Mean: (2.5 + 2.0) / 2 = 2.25');
    expect(calc).toContain('SD: 0.25（母標準偏差');
    expect(calc).toContain('安定性判定: 高安定 (SD ≤ 0.5)');
    expect(row(section(render('baseline'), 'スコア計算'), '**総合スコア**')).toEqual(['**総合スコア**', '**2.5**', '**2.0**', '**2.25**', '**0.25**']);
    expect(section(render('variant-retry'), 'スコア計算').join('\n')).toContain('安定性判定: 低安定 (SD > 1.0)');
  });

  it('never shows an unscored unit as ×: it is — with its reason, and left out of the detection score', () => {
    const md = render('baseline');
    const matrix = section(md, '問題別検出マトリクス');
    expect(row(matrix, 'P03')).toEqual(['P03', '障害回復', '中', '×', '—']);
    expect(matrix.join('\n')).toContain('Run2: 2.0（○2件×1.0 + △0件×0.5 + ×1件×0.0、未採点1件（P03）は除外）');
    expect(row(matrix, 'Run2')).toEqual(['Run2', 'P03', 'only 1 of 3 votes valid']);
    const details = section(md, '検出判定の詳細');
    const run2 = details.slice(details.indexOf('### Run2'));
    expect(row(run2, 'P03').slice(0, 4)).toEqual(['P03', '—', '—', '×1 失敗2']);
    expect(row(run2, 'P03')[4]).toBe('未採点: only 1 of 3 votes valid');
    for (const u of report.unscored.filter((x) => x.unit !== 'audit')) {
      const cells = row(section(render(u.prompt), '問題別検出マトリクス'), u.unit);
      expect(cells[3 + u.run - 1]).toBe('—');
    }
  });

  it('notes the bonus cap: 7 found shows 5 counted, +2.5', () => {
    const bp = section(render('variant-retry'), 'ボーナス/ペナルティ詳細').join('\n');
    expect(bp).toContain('**ボーナス合計: +2.5 (5件、上限5件を適用: 検出7件)**');
    expect(renderScoringSummary(report, key, 'variant-retry')[1]).toContain('Run1=6.0(検出3.5+bonus5-penalty0)');
    expect(section(render('baseline'), 'ボーナス/ペナルティ詳細').join('\n')).not.toContain('上限5件を適用');
  });

  it('lists bonuses and penalties with their reasons, and says why an unaudited run has none', () => {
    const base = section(render('baseline'), 'ボーナス/ペナルティ詳細');
    expect(row(base, '1')).toEqual(['1', 'B01', '5章 指摘6「DB接続プールの上限が未定義」', '正解キーのB01に該当。']);
    expect(base.join('\n')).toContain('**ペナルティ合計: -0.5 (1件)**');
    const variant = section(render('variant-retry'), 'ボーナス/ペナルティ詳細').join('\n');
    expect(variant).toContain('ボーナス/ペナルティ判定（監査）が未採点のため、ボーナス・ペナルティはともに0件として計上（理由: only 1 of 3 audit votes valid）。');
  });

  it('keeps untrusted text on one table row: newlines joined, | escaped, HTML as entities', () => {
    const penalty = section(render('baseline'), 'ボーナス/ペナルティ詳細').find((l) => l.includes('UIの配色'))!;
    expect(penalty).toBe('| 1 | 8章 UIの配色「画面の配色が 見づらい \\| &lt;b&gt;要改善&lt;/b&gt;」 | 画面デザインは reliability のスコープ外（perspective.md）。 |');
  });

  it('reads back through the project’s own scoring-file reader: same verdicts, unscored absent, counts after the cap', () => {
    for (const p of report.prompts) {
      const parsed = parseScoringFile(render(p.prompt), scoringFileName(6, p.prompt));
      expect(parsed.round).toBe(6);
      expect(parsed.prompt).toBe(p.prompt);
      const expected = report.problems.flatMap((r) =>
        r.cells.filter((c) => c.prompt === p.prompt && c.verdict !== 'unscored').map((c) => `${c.run}${r.id}${c.verdict}`),
      );
      expect(parsed.verdicts.map((v) => `${v.run}${v.problem}${v.verdict}`).sort()).toEqual(expected.sort());
      expect(parsed.bonusCounts).toEqual(Object.fromEntries(p.runs.map((r) => [r.run, r.bonusCount])));
      expect(parsed.penaltyCounts).toEqual(Object.fromEntries(p.runs.map((r) => [r.run, r.penaltyCount])));
    }
  });

  it('uses the key’s round when the report has none, and bare names when neither has one', () => {
    expect(renderScoringFile({ ...report, round: null }, verdicts, key, 'baseline').split('\n')[0]).toBe('# 採点結果: v006-baseline');
    const md = renderScoringFile({ ...report, round: null }, verdicts, { ...key, round: null }, 'baseline');
    expect(md.split('\n')[0]).toBe('# 採点結果: baseline');
    expect(md).toContain('baseline: Mean=2.25, SD=0.25');
  });

  it('refuses a prompt the report does not hold', () => {
    expect(() => render('variant-x')).toThrow(/'variant-x' is not in the report \(baseline, variant-retry\)/);
  });
});

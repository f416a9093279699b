import { describe, expect, it } from 'vitest';
import { key, report, verdicts } from '../../../test/fixtures/workflow-files/fixtureRound.ts';
import { expectGolden } from '../../../test/fixtures/workflow-files/golden.ts';
import { Report } from '../../types/Report.ts';
import { NOT_GENERATED } from './comparisonAnalysis.ts';
import { renderComparisonFile, renderComparisonSummary } from './renderComparisonFile.ts';
import { comparisonFileName, SCORING_FILE_PATTERN } from './workflowFileNames.ts';

// The golden file is test/fixtures/workflow-files/round-006-comparison.md.
// After an intended change: UPDATE_GOLDEN=1 npx vitest run src/report/workflow — then read the diff.

const render = (r: Report = report) => renderComparisonFile(r, verdicts, key);

function section(md: string, title: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

function row(lines: string[], first: string): string[] {
  const l = lines.find((x) => x.startsWith(`| ${first} |`));
  if (!l) throw new Error(`no row ${first}`);
  return l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
}

/** The fixture with the variant's mean moved so that d = variant − baseline, and the given decision. */
function withDecision(d: number, variantSd: number, rec: Report['recommendation']): Report {
  const prompts = report.prompts.map((p) => (p.baseline ? p : { ...p, mean: 2.25 + d, sd: variantSd }));
  return Report.parse({ ...report, prompts, recommendation: rec });
}

describe('renderComparisonFile', () => {
  it('matches the golden file', () => {
    expectGolden(render(), comparisonFileName(6));
  });

  it('has the sections the Phase 5 template requires, in its order, under the round title', () => {
    const md = render();
    expect(md.split('\n')[0]).toBe('# Round 006 比較レポート');
    expect(md.split('\n').filter((l) => l.startsWith('## '))).toEqual([
      '## 実行条件',
      '## 比較対象',
      '## 問題別検出マトリクス',
      '## ボーナス/ペナルティ詳細',
      '## スコアサマリ',
      '## 推奨判定',
      '## 収束判定',
      '## 考察',
      '## 返答サマリ',
    ]);
    expect(section(md, '考察')).toContain('### 独立変数ごとの効果分析');
    expect(section(md, '考察')).toContain('### 次回への示唆');
  });

  it('points to the scoring files under the names the workflow parses', () => {
    const files = section(render(), '比較対象').flatMap((l) => /results\/(\S+\.md)/.exec(l)?.[1] ?? []);
    expect(files.map((f) => SCORING_FILE_PATTERN.exec(f)?.slice(1))).toEqual([['006', 'baseline'], ['006', 'variant-retry']]);
  });

  it('puts each prompt’s runs, mean, SD and stability in the score summary table', () => {
    const s = section(render(), 'スコアサマリ');
    expect(row(s, '**v006-baseline**')).toEqual(['**v006-baseline**', '2.5', '2.0', '**2.25**', '**0.25**', '64.3%', '高安定']);
    expect(row(s, '**v006-variant-retry**')).toEqual(['**v006-variant-retry**', '6.0', '3.5', '**4.75**', '**1.25**', '87.5%', '低安定']);
    expect(s.join('\n')).toContain('**v006-variant-retry − v006-baseline**: 4.75 − 2.25 = **+2.5pt**');
  });

  it('shows an unscored unit as — in the per-problem comparison, never ×, and lists it with its reason', () => {
    const m = section(render(), '問題別検出マトリクス');
    expect(row(m, 'P03')).toEqual(['P03', '障害回復', '中', '× (0.0)', '—', '△ (0.5)', '○ (1.0)', '**+0.75**']);
    expect(row(m, 'v006-variant-retry')).toEqual(['v006-variant-retry', 'Run2', 'ボーナス/ペナルティ判定', 'only 1 of 3 audit votes valid']);
  });

  it('states the recommendation and its rubric reason', () => {
    const r = section(render(), '推奨判定');
    expect(row(r, '平均スコア差 > 1.0pt')).toEqual(['平均スコア差 > 1.0pt', 'スコアが高い方を推奨', '**✓**']);
    expect(r).toContain('**推奨プロンプト**: **v006-variant-retry**');
    expect(r).toContain('**判定根拠**: 平均スコア差 +2.5pt > 1.0pt → スコアが高い方（v006-variant-retry）を推奨');
  });

  it.each<[string, number, number, Report['recommendation'], string]>([
    ['baseline', 0.25, 0.25, { prompt: 'baseline', rule: 'baseline', difference: 0.25, reason: '' }, '平均スコア差 +0.25pt < 0.5pt → ベースライン（v006-baseline）を推奨（ノイズによる誤判定を回避）'],
    ['smaller SD', 0.75, 0, { prompt: 'variant-retry', rule: 'smaller-sd', difference: 0.75, reason: '' }, '平均スコア差 +0.75pt（0.5〜1.0pt）→ 標準偏差が小さい方（v006-variant-retry、SD 0.0 vs 0.25）を推奨'],
    ['equal SD', 0.5, 0.25, { prompt: 'baseline', rule: 'smaller-sd', difference: 0.5, reason: '' }, '平均スコア差 +0.5pt（0.5〜1.0pt）→ 標準偏差が同じ（SD 0.25 vs 0.25）ためベースライン（v006-baseline）を推奨'],
    ['negative difference', -1.5, 0.25, { prompt: 'baseline', rule: 'baseline', difference: -1.5, reason: '' }, '平均スコア差 -1.5pt < 0.5pt → ベースライン（v006-baseline）を推奨（ノイズによる誤判定を回避）'],
  ])('gives the rubric reason for the %s rule', (_name, d, sd, rec, reason) => {
    const r = withDecision(d, sd, rec);
    expect(section(render(r), '推奨判定')).toContain(`**判定根拠**: ${reason}`);
    expect(renderComparisonSummary(r, key)[1]).toBe(`reason: ${reason}`);
  });

  it('names the compared variant when several variants ran', () => {
    const third = { ...report.prompts[1]!, prompt: 'variant-b', mean: 3 };
    const r = Report.parse({ ...report, prompts: [...report.prompts, third] });
    expect(renderComparisonSummary(r, key)[1]).toBe(
      'reason: 最も平均スコアが高いバリアント（v006-variant-retry）との比較で、平均スコア差 +2.5pt > 1.0pt → スコアが高い方（v006-variant-retry）を推奨',
    );
  });

  it('handles a round without variants: baseline recommended, no rule row applies', () => {
    const r = Report.parse({
      ...report,
      prompts: [report.prompts[0]],
      comparisons: [],
      recommendation: { prompt: 'baseline', rule: 'no-variant', difference: null, reason: '' },
      problems: report.problems.map((p) => ({ ...p, cells: p.cells.filter((c) => c.prompt === 'baseline'), flips: [] })),
    });
    const md = render(r);
    expect(section(md, '推奨判定').join('\n')).not.toContain('✓');
    expect(section(md, '推奨判定')).toContain('**判定根拠**: 比較するバリアントがないため、ベースライン（v006-baseline）を推奨');
    expect(renderComparisonSummary(r, key)[4]).toBe('variants: なし');
    expect(section(md, '考察')).toContain('比較するバリアントがないため、導出できる差分はない。');
  });

  it.each<[Report['convergence'], string, string]>([
    [report.convergence, '継続推奨', '継続推奨'],
    [{ status: 'converged', reason: '', history: [{ round: 5, improvement: 0.25 }, { round: 6, improvement: 0 }] }, '最適化が収束した可能性あり', '収束の可能性あり'],
    [{ status: 'unknown', reason: '', history: [{ round: 6, improvement: 2.5 }] }, '継続推奨', '継続推奨'],
  ])('judges convergence %# in the rubric’s words', (convergence, label, replyWord) => {
    const md = render(Report.parse({ ...report, convergence }));
    expect(section(md, '収束判定')).toContain(`**判定**: ${label}`);
    expect(renderComparisonSummary(Report.parse({ ...report, convergence }), key)[2]).toBe(`convergence: ${replyWord}`);
  });

  it('explains the convergence judgement from the history', () => {
    const converged = render(Report.parse({ ...report, convergence: { status: 'converged', reason: '', history: [{ round: 5, improvement: 0.25 }, { round: 6, improvement: 0 }] } }));
    expect(section(converged, '収束判定')).toContain('**根拠**: 2ラウンド連続で改善幅 < 0.5pt（Round 005: +0.25pt, Round 006: 0.0pt）');
    const unknown = render(Report.parse({ ...report, convergence: { status: 'unknown', reason: '', history: [{ round: 6, improvement: 2.5 }] } }));
    expect(section(unknown, '収束判定').join('\n')).toContain('改善幅の記録が1ラウンド分のみ（Round 006: +2.5pt）で、2ラウンド連続の判定ができない');
  });

  it('returns the 7-line Phase 5 summary Phase 6 presents, also at the end of the file', () => {
    const lines = renderComparisonSummary(report, key);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['recommended', 'reason', 'convergence', 'scores', 'variants', 'deploy_info', 'user_summary']);
    expect(lines[0]).toBe('recommended: v006-variant-retry');
    expect(lines[3]).toBe('scores: v006-baseline=2.25(SD=0.25), v006-variant-retry=4.75(SD=1.25)');
    expect([...lines[3]!.matchAll(/(\S+)=(\d+\.\d+)\(SD=(\d+\.\d+)\)/g)].map((m) => [Number(m[2]), Number(m[3])])).toEqual(report.prompts.map((p) => [p.mean, p.sd]));
    expect(section(render(), '返答サマリ').filter((l) => l && l !== '```')).toEqual(lines);
  });

  it('writes no analysis prose: the free-form sections say so and list derived facts only', () => {
    const a = section(render(), '考察');
    expect(a).toContain(`> ${NOT_GENERATED}`);
    const effects = a.slice(a.indexOf('### 独立変数ごとの効果分析'), a.indexOf('### 次回への示唆'));
    expect(effects.join('\n')).toContain('独立変数ごとの効果の分析は review-judge では生成しない');
    expect(row(effects, 'v006-variant-retry')).toEqual(['v006-variant-retry', '+2.5pt', '+1.25', '+1.0', '+0.25']);
    expect(effects).toContain('- P02（リトライ時の冪等性欠如）: △× → ○○（+0.75）');
    expect(effects).toContain('- P04（SLO監視の欠如）: ○○ → ○△（-0.25）');
    const next = a.slice(a.indexOf('### 次回への示唆'));
    expect(next[2]).toBe('次回への示唆（改善案・次に試す変数）は review-judge では生成しない。導出した事実:');
    expect(next.filter((l) => l.startsWith('- ')).map((l) => l.split(':')[0])).toEqual([
      '- 全プロンプト・全実行で未検出（×）の問題',
      '- 実行間で判定が変わった問題',
      '- 票が割れた判定（再判定の候補、一致率の低い順）',
      '- 未採点',
    ]);
  });

  it('uses a plain title and bare names when the round is unknown', () => {
    const md = renderComparisonFile({ ...report, round: null }, verdicts, { ...key, round: null });
    expect(md.split('\n')[0]).toBe('# 比較レポート');
    expect(md).toContain('recommended: variant-retry');
  });
});

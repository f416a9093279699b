import { exact } from '../../score/numbers.ts';
import type { PromptScore, Report } from '../../types/Report.ts';
import { percent, runName, signed, table } from './format.ts';
import { componentMean, flip, marks, missedEverywhere, problemChange } from './facts.ts';
import { line } from './roundData.ts';

/** The sentence that stands in for the LLM-written analysis the workflow's Phase 5 produced. */
export const NOT_GENERATED = 'この節の自由記述の分析（独立変数ごとの効果、次回への示唆）は review-judge では生成しない。以下は採点結果から機械的に導いた事実のみ。';

/**
 * 考察 of the comparison file: the template's two subsections, each stating that review-judge does
 * not write the analysis, followed by derived facts: where each variant's score difference comes
 * from, per-problem gains and losses (largest first), problems missed everywhere, flips, doubtful units.
 */
export function analysis(report: Report, name: (prompt: string) => string): string[] {
  const base = report.prompts.find((p) => p.baseline);
  const variants = base ? report.prompts.filter((p) => p !== base) : [];
  const out = ['## 考察', '', `> ${NOT_GENERATED}`, '', '### 独立変数ごとの効果分析', ''];
  if (!base || variants.length === 0) out.push('比較するバリアントがないため、導出できる差分はない。', '');
  else {
    const rows = variants.map((v) => {
      const det = exact(componentMean(v, 'detection') - componentMean(base, 'detection'));
      const bon = exact(componentMean(v, 'bonus') - componentMean(base, 'bonus'));
      const pen = exact(componentMean(base, 'penalty') - componentMean(v, 'penalty'));
      return [name(v.prompt), `${signed(exact(v.mean - base.mean))}pt`, signed(det), signed(bon), signed(pen)];
    });
    out.push('独立変数ごとの効果の分析は review-judge では生成しない（Variation ID・独立変数は入力にない）。導出した事実: 平均スコア差の内訳（スコアへの寄与。ペナルティ列は減点の減少をプラスで示す）', '');
    out.push(...table(['バリアント', '平均スコア差', '検出', 'ボーナス', 'ペナルティ'], rows), '');
    for (const v of variants) out.push(...problemShifts(report, base, v, name));
  }
  out.push('### 次回への示唆', '', ...nextRoundFacts(report, name), '');
  return out;
}

/** Per-problem gains and losses of a variant against the baseline, largest first (ties by problem id). */
function problemShifts(report: Report, base: PromptScore, v: PromptScore, name: (prompt: string) => string): string[] {
  const shifts = report.problems
    .map((row) => ({ row, d: problemChange(report, row, base, v) }))
    .filter((x): x is { row: typeof x.row; d: number } => x.d !== null && x.d !== 0);
  const fmt = (x: { row: (typeof shifts)[number]['row']; d: number }) =>
    `- ${x.row.id}（${line(x.row.title, 60)}）: ${marks(x.row, base)} → ${marks(x.row, v)}（${signed(x.d)}）`;
  const byId = (a: { row: { id: string } }, b: { row: { id: string } }) => (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0);
  const gains = shifts.filter((x) => x.d > 0).sort((a, b) => b.d - a.d || byId(a, b));
  const losses = shifts.filter((x) => x.d < 0).sort((a, b) => a.d - b.d || byId(a, b));
  const title = `${name(v.prompt)} と ${name(base.prompt)} の問題別の差（${name(base.prompt)} → ${name(v.prompt)}、各実行の判定）`;
  return [
    `#### ${title}`,
    '',
    '**改善（大きい順）**:',
    ...(gains.length ? gains.map(fmt) : ['- なし']),
    '',
    '**悪化（大きい順）**:',
    ...(losses.length ? losses.map(fmt) : ['- なし']),
    '',
  ];
}

/** Facts a next round may start from; no proposals. */
function nextRoundFacts(report: Report, name: (prompt: string) => string): string[] {
  const missed = missedEverywhere(report).map((row) => `${row.id}（${line(row.title, 60)}）`);
  const flips = report.problems.flatMap((row) => report.prompts.flatMap((p) => {
    const f = flip(row, p);
    return f ? [`${row.id} ${name(p.prompt)} ${f}`] : [];
  }));
  const doubtful = report.disagreements.map((d) => `${name(d.prompt)} ${runName(d.run)} ${d.unit}: ${d.verdict}（一致率 ${percent(d.agreement)}、${line(d.split, 40)}）`);
  return [
    '次回への示唆（改善案・次に試す変数）は review-judge では生成しない。導出した事実:',
    '',
    `- 全プロンプト・全実行で未検出（×）の問題: ${missed.length ? missed.join('、') : 'なし'}`,
    `- 実行間で判定が変わった問題: ${flips.length ? flips.join('、') : 'なし'}`,
    `- 票が割れた判定（再判定の候補、一致率の低い順）: ${doubtful.length ? doubtful.join('、') : 'なし'}`,
    `- 未採点: ${report.unscored.length}件${report.unscored.length ? '（再実行で判定を補える）' : ''}`,
  ];
}

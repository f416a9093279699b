import type { AnswerKey } from '../../types/AnswerKey.ts';
import { mean, standardDeviation } from '../../score/promptStats.ts';
import type { Verdicts } from '../../types/Verdicts.ts';
import type { PromptScore, Report, RunScore } from '../../types/Report.ts';
import { cell, minus, plus, runName, score, sdMethod, stabilityLabel, table } from './format.ts';
import {
  auditOf,
  cellOf,
  displayName,
  evidenceNote,
  itemWhere,
  line,
  mark,
  pointsOf,
  problemLabels,
  promptScore,
  reviewPath,
  roundOf,
  unitOf,
  unscoredReason,
  voteSplit,
} from './roundData.ts';
import { AUDIT_UNIT_ID } from '../../types/Unit.ts';
import { VERDICTS, VERDICT_NAMES } from '../../types/Scale.ts';

/**
 * `results/vNNN-<prompt>-scoring.md`: what the workflow's Phase 4 grader wrote (templates/phase4-scoring.md),
 * in its Japanese layout: execution conditions, the per-problem detection matrix (unscored units shown
 * as `—`, never ×), per-run detection details with the judges' votes and reasons, bonus and penalty
 * lists with reasons (the cap noted when it applied), the run scores with the formula, mean, SD, and
 * the compact summary the Phase 4 sub-agent returned. Pure: every number comes from report.json.
 */
export function renderScoringFile(report: Report, verdicts: Verdicts, key: AnswerKey, prompt: string): string {
  const p = promptScore(report, prompt);
  const round = roundOf(report, key);
  const name = displayName(round, prompt);
  const out: string[] = [`# 採点結果: ${name}`, ''];
  out.push(...conditions(report, verdicts, key, p), '---', '');
  out.push(...matrix(report, verdicts, key, p), '---', '');
  out.push(...detectionDetails(report, verdicts, p), '---', '');
  out.push(...bonusPenalty(report, verdicts, p), '---', '');
  out.push(...calculation(report, p), '---', '');
  out.push('## スコアサマリ', '', '```', ...renderScoringSummary(report, key, prompt), '```', '');
  return out.join('\n');
}

/**
 * The two lines the Phase 4 sub-agent returned (templates/phase4-scoring.md, step 4):
 * `{prompt}: Mean=X, SD=Y` and `Run1=T(検出D+bonusN-penaltyN), Run2=…`, N being counts after the cap.
 */
export function renderScoringSummary(report: Report, key: AnswerKey, prompt: string): string[] {
  const p = promptScore(report, prompt);
  const name = displayName(roundOf(report, key), prompt);
  const runs = p.runs.map((r) => `${runName(r.run)}=${score(r.total)}(検出${score(r.detection)}+bonus${r.bonusCount}-penalty${r.penaltyCount})`);
  return [`${name}: Mean=${score(p.mean)}, SD=${score(p.sd)}`, runs.join(', ')];
}

function conditions(report: Report, verdicts: Verdicts, key: AnswerKey, p: PromptScore): string[] {
  const declared = key.declaredProblemCount !== null && key.declaredProblemCount !== key.problems.length ? `（キーの記載: ${key.declaredProblemCount}問）` : '';
  const runs = p.runs.map((r) => runName(r.run)).join(', ');
  const files = p.runs.map((r) => `${runName(r.run)}: ${line(reviewPath(verdicts, p.prompt, r.run) ?? '記録なし', 200)}`).join(', ');
  return [
    '## 実行条件',
    `- **観点**: ${line(key.perspective ?? '—')}`,
    `- **対象**: ${line(key.target ?? '—')}`,
    `- **埋め込み問題数**: ${key.problems.length}問${declared}`,
    `- **実行回数**: ${p.runs.length}回（${runs}）`,
    `- **レビュー結果**: ${files}`,
    `- **採点**: review-judge（run ID: ${line(report.runId, 120)}）。各問題の判定はLLMジャッジの投票、点数は採点基準どおりの機械的な計算`,
    '',
  ];
}

function matrix(report: Report, verdicts: Verdicts, key: AnswerKey, p: PromptScore): string[] {
  const pts = report.rubric.points;
  const rows = report.problems.map((row) => {
    const { category, severity } = problemLabels(key, row);
    return [row.id, category, severity, ...p.runs.map((r) => mark(cellOf(row, p.prompt, r.run)))];
  });
  const out = ['## 問題別検出マトリクス', ''];
  out.push(...table(['問題ID', 'カテゴリ', '深刻度', ...p.runs.map((r) => runName(r.run))], rows), '');
  out.push(
    `凡例: ${VERDICTS.map((v) => `${v} ${VERDICT_NAMES[v].ja} (${score(pts[v])})`).join(' / ')} / — 未採点（ジャッジが判定できなかった問題。×として扱わず、検出スコアから除外）`,
    '',
    '**検出スコア**:',
    ...p.runs.map((r) => `- ${runName(r.run)}: ${detectionBreakdown(report, p.prompt, r)}`),
    '',
  );
  const unscored = p.runs.flatMap((r) => r.unscored.map((unit) => [runName(r.run), unit, cell(unscoredReason(report, verdicts, p.prompt, r.run, unit))]));
  if (unscored.length > 0) out.push('### 未採点の問題', '', ...table(['Run', '問題ID', '理由'], unscored), '');
  return out;
}

/** `2.5（○2件×1.0 + △1件×0.5 + ×1件×0.0）`, with the unscored problems named. */
function detectionBreakdown(report: Report, prompt: string, r: RunScore): string {
  const verdicts = report.problems.map((row) => cellOf(row, prompt, r.run)?.verdict).filter((v): v is string => v !== undefined);
  const terms = VERDICTS.map((s) => `${s}${verdicts.filter((v) => v === s).length}件×${score(report.rubric.points[s])}`);
  const left = r.unscored.length > 0 ? `、未採点${r.unscored.length}件（${r.unscored.join(', ')}）は除外` : '';
  return `${score(r.detection)}（${terms.join(' + ')}${left}）`;
}

function detectionDetails(report: Report, verdicts: Verdicts, p: PromptScore): string[] {
  const out = ['## 検出判定の詳細', ''];
  for (const r of p.runs) {
    const rows = report.problems.map((row) => {
      const c = cellOf(row, p.prompt, r.run);
      const pts = c ? pointsOf(c.verdict, report.rubric) : null;
      const u = unitOf(verdicts, p.prompt, r.run, row.id);
      const unscored = c && pts === null ? unscoredReason(report, verdicts, p.prompt, r.run, row.id) : null;
      return [row.id, mark(c), pts === null ? '—' : score(pts), voteSplit(u), c ? evidenceNote(u, unscored) : '判定なし'];
    });
    out.push(`### ${runName(r.run)}`, '', ...table(['問題ID', '判定', 'スコア', '票', '検出箇所/判定理由'], rows), '');
    out.push(`**検出スコア合計: ${score(r.detection)}**`, '');
  }
  return out;
}

function bonusPenalty(report: Report, verdicts: Verdicts, p: PromptScore): string[] {
  const out = ['## ボーナス/ペナルティ詳細', ''];
  for (const r of p.runs) {
    out.push(`### ${runName(r.run)}`, '');
    if (!r.audited) {
      const why = unscoredReason(report, verdicts, p.prompt, r.run, AUDIT_UNIT_ID);
      const state = auditOf(verdicts, p.prompt, r.run) ? '未採点' : '未実施';
      out.push(`ボーナス/ペナルティ判定（監査）が${state}のため、ボーナス・ペナルティはともに0件として計上（理由: ${line(why)}）。`, '');
      out.push(`**ボーナス合計: ${plus(r.bonus)} (0件)**`, '', `**ペナルティ合計: ${minus(r.penalty)} (0件)**`, '');
      continue;
    }
    out.push('#### ボーナス', '');
    if (r.bonuses.length === 0) out.push('なし', '');
    else {
      const rows = r.bonuses.map((b, i) => [String(i + 1), b.id === null ? 'キー外' : cell(b.id, 20), itemWhere(b), cell(b.reason)]);
      out.push(...table(['#', 'ID', '指摘箇所（引用）', '判定理由'], rows), '');
    }
    out.push(`**ボーナス合計: ${plus(r.bonus)} (${bonusCountNote(report, r)})**`, '');
    out.push('#### ペナルティ', '');
    if (r.penalties.length === 0) out.push('なし', '');
    else {
      const rows = r.penalties.map((b, i) => [String(i + 1), itemWhere(b), cell(b.reason)]);
      out.push(...table(['#', '指摘箇所（引用）', '判定理由'], rows), '');
    }
    const cap = r.penalties.length > r.penaltyCount ? `${r.penalties.length}件検出、上限${r.penaltyCount}件を適用` : `${r.penaltyCount}件`;
    out.push(`**ペナルティ合計: ${minus(r.penalty)} (${cap})**`, '');
  }
  return out;
}

/** `5件、上限5件を適用: 検出7件` when the cap cut the count, else `2件`. */
function bonusCountNote(report: Report, r: RunScore): string {
  if (r.bonusFound > r.bonusCount) return `${r.bonusCount}件、上限${report.rubric.bonus.maxCount}件を適用: 検出${r.bonusFound}件`;
  return `${r.bonusCount}件`;
}

function calculation(report: Report, p: PromptScore): string[] {
  const { bonus, penalty } = report.rubric;
  const penaltyCap = penalty.maxCount === null ? '上限なし' : `上限${penalty.maxCount}件`;
  const out = [
    '## スコア計算',
    '',
    `計算式: \`run_score = Σ(検出スコア) + (ボーナス件数 × ${score(bonus.points)}) - (ペナルティ件数 × ${score(penalty.points)})\`（ボーナスは上限${bonus.maxCount}件、ペナルティは${penaltyCap}）`,
    '',
  ];
  for (const r of p.runs) {
    const note = r.audited ? '' : '、監査未採点';
    out.push(
      `### ${runName(r.run)}`,
      '```',
      `検出スコア: ${score(r.detection)}`,
      `ボーナス: ${plus(r.bonus)} (${r.bonusCount}件${note})`,
      `ペナルティ: ${minus(r.penalty)} (${r.penaltyCount}件${note})`,
      '-------------------',
      `${runName(r.run)}合計: ${score(r.detection)} + ${score(r.bonus)} - ${score(r.penalty)} = ${score(r.total)}`,
      '```',
      '',
    );
  }
  const totals = p.runs.map((r) => score(r.total));
  const row = (label: string, xs: number[], f: (x: number) => string) => {
    const m = xs.length ? mean(xs) : 0;
    const sd = xs.length ? standardDeviation(xs, report.rubric.sd) : 0;
    return [label, ...xs.map(f), f(m), score(sd)];
  };
  const runs = p.runs;
  out.push('### 統計', '');
  out.push(
    ...table(
      ['指標', ...runs.map((r) => runName(r.run)), '平均', '標準偏差'],
      [
        row('検出スコア', runs.map((r) => r.detection), score),
        row('ボーナス', runs.map((r) => r.bonus), plus),
        row('ペナルティ', runs.map((r) => r.penalty), minus),
        ['**総合スコア**', ...totals.map((t) => `**${t}**`), `**${score(p.mean)}**`, `**${score(p.sd)}**`],
      ],
    ),
    '',
    '```',
    `Mean: (${totals.join(' + ')}) / ${runs.length} = ${score(p.mean)}`,
    `SD: ${score(p.sd)}（${sdMethod(report.rubric)}）`,
    `安定性判定: ${stabilityLabel(p.stability, report.rubric)}`,
    '```',
    '',
    `票の割れによる Mean の変動範囲: ${score(p.noise.low)}〜${score(p.noise.high)}（各問題が票の中で最も低い／高い判定を取った場合）`,
    '',
  );
  return out;
}

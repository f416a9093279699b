import type { AnswerKey } from '../../types/AnswerKey.ts';
import type { Verdicts } from '../../types/Verdicts.ts';
import type { PromptScore, Report } from '../../types/Report.ts';
import { abLineJa, abRecommendationJa, voteNoiseJa } from './abVerdictJapanese.ts';
import { analysis } from './comparisonAnalysis.ts';
import { cell, minus, percent, plus, runName, score, signed, stabilityLabel, table } from './format.ts';
import { componentMean, detectionRate, flip, problemChange, reachable } from './facts.ts';
import { CONTINUE, convergenceLabel, convergenceReason, pad, recommendationReason, recommendationRows } from './judgement.ts';
import { cellOf, displayName, line, mark, pointsOf, problemLabels, roundOf, unscoredReason } from './roundData.ts';
import { scoringFileName } from './workflowFileNames.ts';
import { isAuditId } from '../../types/Unit.ts';
import { VERDICTS, VERDICT_NAMES } from '../../types/Scale.ts';

/** Names of a round's prompts as the workflow writes them (`v006-baseline`). */
type Namer = (prompt: string) => string;

/**
 * `reports/round-NNN-comparison.md`: what the workflow's Phase 5 wrote (templates/phase5-analysis-report.md):
 * 実行条件, 比較対象, 問題別検出マトリクス, ボーナス/ペナルティ詳細, スコアサマリ, 推奨判定, 収束判定, 考察,
 * and the 7-line summary Phase 6 presents. Free-form analysis (effects of independent variables,
 * proposals) is not generated: those sections say so and list derived facts only. Pure.
 */
export function renderComparisonFile(report: Report, verdicts: Verdicts, key: AnswerKey): string {
  const round = roundOf(report, key);
  const name: Namer = (prompt) => displayName(round, prompt);
  const out: string[] = [round === null ? '# 比較レポート' : `# Round ${pad(round)} 比較レポート`, ''];
  out.push(...conditions(report, key, round), '---', '');
  out.push(...compared(report, round, name), '---', '');
  out.push(...matrix(report, verdicts, key, name), '---', '');
  out.push(...bonusPenalty(report, name), '---', '');
  out.push(...summary(report, name), '---', '');
  out.push(...recommendation(report, name), '---', '');
  out.push('## 収束判定', '', `**判定**: ${convergenceLabel(report)}`, '', `**根拠**: ${convergenceReason(report)}`, '');
  out.push(...history(report), '---', '');
  out.push(...analysis(report, name), '---', '');
  out.push('## 返答サマリ', '', '```', ...renderComparisonSummary(report, key), '```', '');
  return out.join('\n');
}

/**
 * The 7 lines the Phase 5 sub-agent returned and Phase 6 presents (templates/phase5-analysis-report.md, step 6).
 * The convergence line uses that template's words (継続推奨 / 収束の可能性あり). Variation IDs are not
 * in report.json, so `variants` and `deploy_info` say so instead of inventing them.
 */
export function renderComparisonSummary(report: Report, key: AnswerKey): string[] {
  const round = roundOf(report, key);
  const name: Namer = (prompt) => displayName(round, prompt);
  const rec = report.recommendation;
  const variants = report.prompts.filter((p) => !p.baseline);
  const recommended = report.prompts.find((p) => p.prompt === rec.prompt);
  const vsBase = rec.difference === null || recommended?.baseline ? 'ベースライン維持' : `ベースライン比 ${signed(rec.difference)}pt`;
  const conv = convergenceLabel(report) === CONTINUE ? '継続推奨' : '収束の可能性あり';
  return [
    `recommended: ${name(rec.prompt)}`,
    `reason: ${recommendationReason(report, name)}`,
    `convergence: ${conv}`,
    `scores: ${report.prompts.map((p) => `${name(p.prompt)}=${score(p.mean)}(SD=${score(p.sd)})`).join(', ')}`,
    `variants: ${variants.length ? variants.map((p) => `${name(p.prompt)}=(Variation ID・変更内容は review-judge の入力外)`).join(', ') : 'なし'}`,
    `deploy_info: ${name(rec.prompt)}（Variation ID・独立変数は review-judge の入力外）`,
    `user_summary: 推奨 ${name(rec.prompt)}（Mean=${score(recommended?.mean ?? 0)}, SD=${score(recommended?.sd ?? 0)}, ${vsBase}）、${convergenceLabel(report)}`,
  ];
}

function conditions(report: Report, key: AnswerKey, round: number | null): string[] {
  const bySeverity = new Map<string, number>();
  for (const p of key.problems) bySeverity.set(p.severity.raw.trim() || '不明', (bySeverity.get(p.severity.raw.trim() || '不明') ?? 0) + 1);
  const severities = [...bySeverity].map(([s, n]) => `${line(s, 30)}: ${n}問`).join(', ');
  const runs = [...new Set(report.prompts.map((p) => p.runs.length))];
  return [
    '## 実行条件',
    `- **ラウンド**: ${round === null ? '不明' : `Round ${pad(round)}`}`,
    `- **観点**: ${line(key.perspective ?? '—')}`,
    `- **対象**: ${line(key.target ?? '—')}`,
    `- **埋め込み問題数**: ${key.problems.length}問${severities ? `（${severities}）` : ''}`,
    `- **ボーナス候補**: ${key.bonuses.length}件${key.bonuses.length ? `（${key.bonuses.map((b) => b.id).join(', ')}）` : ''}`,
    `- **実行回数**: ${runs.length === 1 ? `各プロンプト${runs[0]}回` : report.prompts.map((p) => `${p.prompt} ${p.runs.length}回`).join(', ')}`,
    `- **採点**: review-judge（run ID: ${line(report.runId, 120)}）。各問題の判定はLLMジャッジの投票、点数・推奨・収束は採点基準どおりの機械的な計算`,
    '',
  ];
}

function compared(report: Report, round: number | null, name: Namer): string[] {
  const rows = report.prompts.map((p) => [
    name(p.prompt),
    p.baseline ? 'ベースライン' : 'バリアント',
    `${p.runs.length}回`,
    round === null ? '—' : `results/${scoringFileName(round, p.prompt)}`,
  ]);
  return [
    '## 比較対象',
    '',
    ...table(['プロンプト', '役割', '実行', '採点ファイル'], rows),
    '',
    'Variation ID・変更内容・独立変数は review-judge の入力に含まれないため記載しない（各プロンプトファイル先頭の Benchmark Metadata を参照）。',
    '',
  ];
}

function matrix(report: Report, verdicts: Verdicts, key: AnswerKey, name: Namer): string[] {
  const base = report.prompts.find((p) => p.baseline);
  const variants = base ? report.prompts.filter((p) => p !== base) : [];
  const cols = report.prompts.flatMap((p) => p.runs.map((r) => ({ p, run: r.run })));
  const head = ['問題ID', 'カテゴリ', '深刻度', ...cols.map((c) => `${name(c.p.prompt)} ${runName(c.run)}`), ...variants.map((v) => `変化 (${name(v.prompt)})`)];
  const rows = report.problems.map((row) => {
    const { category, severity } = problemLabels(key, row);
    const cells = cols.map(({ p, run }) => {
      const c = cellOf(row, p.prompt, run);
      const pts = c ? pointsOf(c.verdict, report.rubric) : null;
      return pts === null ? mark(c) : `${mark(c)} (${score(pts)})`;
    });
    const changes = variants.map((v) => {
      const d = base ? problemChange(report, row, base, v) : null;
      return d === null ? '—' : d === 0 ? signed(d) : `**${signed(d)}**`;
    });
    return [row.id, category, severity, ...cells, ...changes];
  });
  const pts = report.rubric.points;
  const out = ['## 問題別検出マトリクス', '', ...table(head, rows), ''];
  out.push(`凡例: ${VERDICTS.map((v) => `${v} ${VERDICT_NAMES[v].ja} (${score(pts[v])})`).join(' / ')} / — 未採点（×として扱わず、スコアから除外）。変化 = バリアントの平均点 − ベースラインの平均点（採点済みの実行のみ）。`, '');
  out.push('### 検出率サマリ', '');
  for (const p of report.prompts) {
    for (const r of p.runs) {
      const { max, scored } = reachable(report, p, r.run);
      const left = report.problems.length - scored;
      const rate = max > 0 ? percent(r.detection / max) : '—';
      out.push(`- **${name(p.prompt)} ${runName(r.run)}**: ${score(r.detection)} / ${score(max)} = ${rate}${left ? `（未採点・未判定${left}問を除く）` : ''}`);
    }
  }
  out.push('');
  const flips = report.problems.flatMap((row) => report.prompts.flatMap((p) => {
    const f = flip(row, p);
    return f ? [`- ${row.id}: ${name(p.prompt)} ${f}`] : [];
  }));
  out.push('### 実行間の判定変動', '', ...(flips.length ? flips : ['なし']), '');
  if (report.unscored.length > 0) {
    const rows2 = report.unscored.map((u) => [name(u.prompt), runName(u.run), isAuditId(u.unit) ? 'ボーナス/ペナルティ判定' : cell(u.unit, 20), cell(unscoredReason(report, verdicts, u.prompt, u.run, u.unit))]);
    out.push('### 未採点', '', ...table(['プロンプト', 'Run', '対象', '理由'], rows2), '');
  }
  return out;
}

function bonusPenalty(report: Report, name: Namer): string[] {
  const out = ['## ボーナス/ペナルティ詳細', ''];
  for (const p of report.prompts) {
    const rows = p.runs.map((r) => {
      if (!r.audited) return [runName(r.run), '未採点', '—', '未採点', '—', '監査が未採点のため0件として計上'];
      const capped = r.bonusFound > r.bonusCount ? `${r.bonusCount}件（検出${r.bonusFound}件、上限${report.rubric.bonus.maxCount}件）` : `${r.bonusCount}件`;
      const items = [
        ...r.bonuses.map((b) => (b.id === null ? `キー外: ${cell(b.location, 40)}` : cell(b.id, 20))),
        ...r.penalties.map((b) => `ペナルティ: ${cell(b.location, 40)}`),
      ];
      return [runName(r.run), capped, plus(r.bonus), `${r.penaltyCount}件`, minus(r.penalty), items.join('、') || '—'];
    });
    out.push(`### ${name(p.prompt)}`, '', ...table(['Run', 'ボーナス件数', 'ボーナス', 'ペナルティ件数', 'ペナルティ', '項目'], rows), '');
    out.push(`**平均**: ボーナス ${plus(componentMean(p, 'bonus'))}pt、ペナルティ ${minus(componentMean(p, 'penalty'))}pt`, '');
  }
  out.push('各項目の箇所・引用・判定理由は各採点ファイルの「ボーナス/ペナルティ詳細」を参照。', '');
  return out;
}

function summary(report: Report, name: Namer): string[] {
  const runs = [...new Set(report.prompts.flatMap((p) => p.runs.map((r) => r.run)))].sort((a, b) => a - b);
  const rows = report.prompts.map((p: PromptScore) => {
    const rate = detectionRate(report, p);
    return [
      `**${name(p.prompt)}**`,
      ...runs.map((n) => {
        const r = p.runs.find((x) => x.run === n);
        return r ? score(r.total) : '—';
      }),
      `**${score(p.mean)}**`,
      `**${score(p.sd)}**`,
      rate === null ? '—' : percent(rate),
      stabilityLabel(p.stability, report.rubric).replace(/ \(.*\)$/, ''),
    ];
  });
  const out = ['## スコアサマリ', '', ...table(['プロンプト', ...runs.map(runName), '平均', '標準偏差', '検出率', '安定性'], rows), ''];
  out.push('検出率 = 検出スコアの合計 / 採点済みの問題で得られる最大点の合計（全実行）。', '');
  if (report.comparisons.length > 0) {
    out.push('### 平均スコア差', '');
    for (const c of report.comparisons) {
      const v = report.prompts.find((p) => p.prompt === c.variant);
      const b = report.prompts.find((p) => p.prompt === c.baseline);
      const arith = v && b ? `${score(v.mean)} − ${score(b.mean)} = ` : '';
      const interval = c.interval
        ? `95%ブートストラップ区間 ${signed(c.interval.low)}〜${signed(c.interval.high)}（ペア${c.interval.pairs}組、リサンプル${c.interval.resamples}回）`
        : `ブートストラップ区間なし（${line(c.intervalNote ?? '理由の記録なし', 120)}）`;
      const ab = abLineJa(c, name);
      out.push(`- **${name(c.variant)} − ${name(c.baseline)}**: ${arith}**${signed(c.difference)}pt**（${interval}、${voteNoiseJa(c)}）${ab ? `\n  - ${ab}` : ''}`);
    }
    out.push('');
  }
  return out;
}

function recommendation(report: Report, name: Namer): string[] {
  const rec = report.recommendation;
  const rows = recommendationRows(report).map((r) => [r.condition, r.outcome, r.rule === rec.rule ? '**✓**' : '']);
  const out = ['## 推奨判定', '', ...table(['条件', '判定', '適用'], rows), ''];
  if (rec.rule === 'no-variant') out.push('比較するバリアントがないため、いずれの条件にも該当しない。', '');
  out.push(`**推奨プロンプト**: **${name(rec.prompt)}**`, '', `**判定根拠**: ${recommendationReason(report, name)}`, '');
  const ab = abRecommendationJa(report, name);
  if (ab) out.push(`**A/B検定**: ${ab}`, '');
  return out;
}

function history(report: Report): string[] {
  const { threshold } = report.rubric.convergence;
  const rows = report.convergence.history.map((h) => [`Round ${pad(h.round)}`, `${signed(h.improvement)}pt`, h.improvement < threshold ? 'はい' : 'いいえ']);
  const out = rows.length ? [...table(['ラウンド', '改善幅', `< ${score(threshold)}pt`], rows), ''] : [];
  out.push('改善幅 = 推奨プロンプトの平均 − ベースラインの平均（ベースラインを推奨したラウンドは 0.0）。', '');
  return out;
}

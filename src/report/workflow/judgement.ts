import { pickCandidate } from '../../score/recommend.ts';
import type { PromptScore, Report } from '../../types/Report.ts';
import { score, signed } from './format.ts';

/**
 * The rubric's Section 5 in the workflow's Japanese: the recommendation rule that applied and its
 * reason, and the convergence judgement. Only rephrases what report.json decided; never re-decides.
 */

/** The rubric's wording of the two convergence outcomes (scoring-rubric.md Section 5). */
export const CONVERGED = '最適化が収束した可能性あり';
export const CONTINUE = '継続推奨';

/** The three rows of the rubric's recommendation table, with the rule each one stands for. */
export function recommendationRows(report: Report): { rule: Report['recommendation']['rule']; condition: string; outcome: string }[] {
  const { clear, minor } = report.rubric.recommendation;
  return [
    { rule: 'higher-mean', condition: `平均スコア差 > ${score(clear)}pt`, outcome: 'スコアが高い方を推奨' },
    { rule: 'smaller-sd', condition: `平均スコア差 ${score(minor)}〜${score(clear)}pt`, outcome: '標準偏差が小さい方を推奨（安定性重視）' },
    { rule: 'baseline', condition: `平均スコア差 < ${score(minor)}pt`, outcome: 'ベースラインを推奨（ノイズによる誤判定を回避）' },
  ];
}

/** The variant the rule compared with the baseline (highest mean, as `recommend` chose it); null without variants. */
export function comparedVariant(report: Report): PromptScore | null {
  return pickCandidate(report.prompts.filter((p) => !p.baseline)) ?? null;
}

/** One line: why the recommended prompt is recommended, per the rule report.json applied. */
export function recommendationReason(report: Report, name: (prompt: string) => string): string {
  const rec = report.recommendation;
  const base = report.prompts.find((p) => p.baseline);
  const cand = comparedVariant(report);
  const { clear, minor } = report.rubric.recommendation;
  if (rec.rule === 'no-variant' || rec.difference === null || !cand || !base) {
    return `比較するバリアントがないため、ベースライン（${name(rec.prompt)}）を推奨`;
  }
  const several = report.prompts.filter((p) => !p.baseline).length > 1 ? `最も平均スコアが高いバリアント（${name(cand.prompt)}）との比較で、` : '';
  const d = `平均スコア差 ${signed(rec.difference)}pt`;
  if (rec.rule === 'higher-mean') return `${several}${d} > ${score(clear)}pt → スコアが高い方（${name(rec.prompt)}）を推奨`;
  if (rec.rule === 'smaller-sd') {
    const sds = `SD ${score(cand.sd)} vs ${score(base.sd)}`;
    const why = cand.sd === base.sd ? `標準偏差が同じ（${sds}）ためベースライン（${name(rec.prompt)}）を推奨` : `標準偏差が小さい方（${name(rec.prompt)}、${sds}）を推奨`;
    return `${several}${d}（${score(minor)}〜${score(clear)}pt）→ ${why}`;
  }
  return `${several}${d} < ${score(minor)}pt → ベースライン（${name(rec.prompt)}）を推奨（ノイズによる誤判定を回避）`;
}

/** The convergence judgement in the rubric's words; `unknown` (too little history) is the rubric's 「それ以外」: 継続推奨. */
export function convergenceLabel(report: Report): string {
  return report.convergence.status === 'converged' ? CONVERGED : CONTINUE;
}

/** Why, from the history: the last rounds' improvements against the threshold. */
export function convergenceReason(report: Report): string {
  const { threshold, rounds } = report.rubric.convergence;
  const history = report.convergence.history;
  const t = `${score(threshold)}pt`;
  const last = history.slice(-rounds);
  const list = last.map((h) => `Round ${pad(h.round)}: ${signed(h.improvement)}pt`).join(', ');
  if (report.convergence.status === 'unknown') {
    return `改善幅の記録が${history.length}ラウンド分のみ（${list || '記録なし'}）で、${rounds}ラウンド連続の判定ができない。採点基準の「それ以外」に当たるため継続推奨`;
  }
  if (report.convergence.status === 'converged') return `${rounds}ラウンド連続で改善幅 < ${t}（${list}）`;
  const big = last.filter((h) => h.improvement >= threshold).map((h) => `Round ${pad(h.round)}`);
  return big.length > 0 ? `直近${rounds}ラウンドのうち改善幅 ≥ ${t} のラウンドあり（${big.join(', ')}; ${list}）` : `収束の条件を満たさない（${list || '記録なし'}）`;
}

/** `6` → `006`, and plain digits for rounds outside 1..999. */
export function pad(round: number): string {
  return round >= 1 && round <= 999 ? String(round).padStart(3, '0') : String(round);
}

import { pickCandidate } from '../../score/recommend.ts';
import type { Comparison, Report } from '../../types/Report.ts';
import { score, signed } from './format.ts';
import { line } from './roundData.ts';

/**
 * The A/B verdict in the workflow's Japanese for the comparison file. It only rephrases report.json:
 * 票の割れの幅 (beyondNoise) is vote noise only; the A/B verdict is about run-to-run spread and vote
 * noise together; and the sentence beside the recommendation never contradicts the rubric's rule.
 */

/** The method in Japanese: `層別並べ替え検定`. */
export function methodJa(method: string | undefined): string {
  return method === 'stratified-permutation' ? '層別並べ替え検定' : line(method ?? '検定なし', 60);
}

/** A p-value: `p = 0.32`, `p = 0.009`, `p < 0.001`. */
export function pJa(p: number | null): string {
  if (p === null) return '比較できる問題なし';
  if (p < 0.001) return 'p < 0.001';
  return `p = ${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

/** `各プロンプト2回`, or `3回と2回` when the prompts differ. */
function runsJa(report: Report, c: Comparison): string {
  const count = (name: string) => report.prompts.find((p) => p.prompt === name)?.runs.length ?? 0;
  const [v, b] = [count(c.variant), count(c.baseline)];
  return v === b ? `各プロンプト${v}回` : `${v}回と${b}回`;
}

/** Runs needed, one clause: `0.5ptの差には各プロンプト21回、1.0ptの差には6回の実行が必要（…）`, or why there is no figure. */
export function runsNeededJa(c: Comparison): string {
  const r = c.runsNeeded;
  if (!r) return '必要な実行回数は未計算';
  if (r.half === null || r.one === null) return '各プロンプト1回のため実行間のばらつきを測れず、必要な実行回数は推定できない';
  if (r.sd === 0) return `実行間のばらつき・票の割れが観測されなかったため、必要な実行回数は推定できない（下限の${r.half}回）`;
  return `0.5ptの差の検出には各プロンプト${r.half}回、1.0ptの差には${r.one}回の実行が必要（検出力80%・両側α=0.05、観測されたばらつき SD ${score(r.sd ?? 0)}pt から）`;
}

/** The verdict phrase: `区別できない（実行間のばらつきと判定ノイズの範囲内）` or `v006-x が上回る（…を超える差）`. */
function verdictJa(c: Comparison, name: (prompt: string) => string): string {
  if (c.verdict === 'indistinguishable') return '区別できない（実行間のばらつきと判定ノイズの範囲内）';
  return `${name(c.variant)} が${c.verdict === 'better' ? '上回る' : '下回る'}（実行間のばらつきと判定ノイズを超える差）`;
}

/** One comparison's A/B clause for the 平均スコア差 list; null for a report written before the A/B test. */
export function abLineJa(c: Comparison, name: (prompt: string) => string): string | null {
  if (c.verdict === undefined || !c.test) return null;
  return `A/B検定（${methodJa(c.method)}: 問題×実行、票の割れを含む）${pJa(c.test.p)} → ${verdictJa(c, name)}。${runsNeededJa(c)}`;
}

/** The vote-noise clause: `票の割れによる判定ノイズ幅 ±0.5pt → 票の割れの幅を超える差`. */
export function voteNoiseJa(c: Comparison): string {
  return `票の割れによる判定ノイズ幅 ±${score(c.noise)}pt → ${c.beyondNoise ? '票の割れの幅を超える差' : '票の割れの幅以内の差'}（実行間のばらつきは含まない）`;
}

/**
 * The sentence under 推奨判定: the A/B verdict of the variant the rule compared, set beside the rule's
 * choice (which stays the rubric's). Null without a variant or for a report written before the test.
 */
export function abRecommendationJa(report: Report, name: (prompt: string) => string): string | null {
  const rec = report.recommendation;
  const cand = pickCandidate(report.prompts.filter((p) => !p.baseline));
  const c = cand && report.comparisons.find((x) => x.variant === cand.prompt);
  if (!c || c.verdict === undefined || !c.test || rec.rule === 'no-variant') return null;
  const how = `${methodJa(c.method)} ${pJa(c.test.p)}`;
  const d = `平均スコア差 ${signed(c.difference)}pt`;
  if (c.verdict === 'indistinguishable') {
    const lead =
      rec.rule === 'higher-mean'
        ? `採点基準ではスコアが高い方（${name(rec.prompt)}）を推奨するが、`
        : rec.rule === 'smaller-sd'
          ? `採点基準では標準偏差が小さい方（${name(rec.prompt)}）を推奨するが、`
          : `採点基準どおりベースライン（${name(rec.prompt)}）を推奨。`;
    return `${lead}${d} は${runsJa(report, c)}の実行では実行間のばらつき・判定ノイズと区別できない（${how}）。${runsNeededJa(c)}`;
  }
  const word = c.verdict === 'better' ? '上回る' : '下回る';
  const rule = rec.prompt === c.variant && c.verdict === 'better' ? `採点基準の推奨（${name(rec.prompt)}）と一致` : `採点基準の推奨は ${name(rec.prompt)}（推奨判定の表のとおり）`;
  return `${name(c.variant)} は ${name(c.baseline)} を${word}（${d}、${runsJa(report, c)}、${how}: 実行間のばらつき・判定ノイズを超える差）。${rule}`;
}

/** The comparison file's A/B wording in Japanese: vote noise named as such, the verdict beside the rule, runs needed. */
import { describe, expect, it } from 'vitest';
import { report } from '../../../test/fixtures/workflow-files/fixtureRound.ts';
import type { Comparison, Report } from '../../types/Report.ts';
import { abLineJa, abRecommendationJa, pJa, runsNeededJa, voteNoiseJa } from './abVerdictJapanese.ts';

const name = (p: string) => `v006-${p}`;

/** The fixture round with its comparison and recommendation replaced. */
function withAb(ab: Partial<Comparison>, rule: Report['recommendation']['rule'], prompt: string): Report {
  const c = { ...report.comparisons[0]!, ...ab };
  return { ...report, comparisons: [c], recommendation: { prompt, rule, difference: c.difference, reason: '' } };
}

const test = (p: number, statistic: number) => ({ statistic, p, iterations: 10000, strata: 5, leftOut: [] });
const need = { runsNeeded: { half: 21, one: 6, sd: 0.56 }, runsNeededNote: null };

describe('the A/B clauses', () => {
  it.each([
    [0.32, 'p = 0.32'],
    [0.004, 'p = 0.004'],
    [0.00001, 'p < 0.001'],
    [null, '比較できる問題なし'],
  ])('p %s → %s', (p, s) => expect(pJa(p)).toBe(s));

  it.each<[Comparison['runsNeeded'], string]>([
    [{ half: 21, one: 6, sd: 0.56 }, '0.5ptの差の検出には各プロンプト21回、1.0ptの差には6回の実行が必要（検出力80%・両側α=0.05、観測されたばらつき SD 0.56pt から）'],
    [{ half: 2, one: 2, sd: 0 }, '実行間のばらつき・票の割れが観測されなかったため、必要な実行回数は推定できない（下限の2回）'],
    [{ half: null, one: null, sd: null }, '各プロンプト1回のため実行間のばらつきを測れず、必要な実行回数は推定できない'],
    [undefined, '必要な実行回数は未計算'],
  ])('runs needed %j', (runsNeeded, s) => {
    expect(runsNeededJa({ ...report.comparisons[0]!, runsNeeded })).toBe(s);
  });

  it('names the vote-noise band as vote noise only', () => {
    expect(voteNoiseJa({ ...report.comparisons[0]!, noise: 0, beyondNoise: true })).toBe('票の割れによる判定ノイズ幅 ±0.0pt → 票の割れの幅を超える差（実行間のばらつきは含まない）');
  });

  it('states a worse variant as 下回る, never as a gain', () => {
    const line = abLineJa({ ...report.comparisons[0]!, verdict: 'worse', test: test(0.01, -1.25), difference: -1.25 }, name)!;
    expect(line).toContain('→ v006-variant-retry が下回る');
    expect(line).not.toContain('上回る');
  });

  it('is null for a report written before the A/B test', () => {
    expect(abLineJa({ ...report.comparisons[0]!, verdict: undefined, test: undefined }, name)).toBeNull();
  });
});

describe('abRecommendationJa', () => {
  it.each<[string, Partial<Comparison>, Report['recommendation']['rule'], string, string]>([
    [
      'higher mean by the rule, not distinguishable with 2 runs',
      { verdict: 'indistinguishable', test: test(0.33, 1.25), difference: 1.25, ...need },
      'higher-mean',
      'variant-retry',
      '採点基準ではスコアが高い方（v006-variant-retry）を推奨するが、平均スコア差 +1.25pt は各プロンプト2回の実行では実行間のばらつき・判定ノイズと区別できない（層別並べ替え検定 p = 0.33）。0.5ptの差の検出には各プロンプト21回、1.0ptの差には6回の実行が必要（検出力80%・両側α=0.05、観測されたばらつき SD 0.56pt から）',
    ],
    [
      'baseline kept, not distinguishable',
      { verdict: 'indistinguishable', test: test(1, 0.25), difference: 0.25, ...need },
      'baseline',
      'baseline',
      '採点基準どおりベースライン（v006-baseline）を推奨。平均スコア差 +0.25pt は各プロンプト2回の実行では実行間のばらつき・判定ノイズと区別できない（層別並べ替え検定 p = 1.00）。0.5ptの差の検出には各プロンプト21回、1.0ptの差には6回の実行が必要（検出力80%・両側α=0.05、観測されたばらつき SD 0.56pt から）',
    ],
    [
      'worse, the rule keeps the baseline',
      { verdict: 'worse', test: test(0.004, -1.25), difference: -1.25, ...need },
      'baseline',
      'baseline',
      'v006-variant-retry は v006-baseline を下回る（平均スコア差 -1.25pt、各プロンプト2回、層別並べ替え検定 p = 0.004: 実行間のばらつき・判定ノイズを超える差）。採点基準の推奨は v006-baseline（推奨判定の表のとおり）',
    ],
  ])('%s', (_, ab, rule, prompt, sentence) => {
    expect(abRecommendationJa(withAb(ab, rule, prompt), name)).toBe(sentence);
  });
});

/** permutationTest: the stratified (problem × run) permutation test with judge noise drawn from the votes. */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './prng.ts';
import { DEFAULT_ITERATIONS, permutationTest, type Cell, type RunCells } from './permutationTest.ts';

const PTS: Record<string, number> = { '○': 1, '△': 0.5, '×': 0 };

/**
 * A run's cells from a verdict string, P01 first (`?` = unscored, no cell); `votes` spells each
 * cell's votes, space-separated (default: three votes equal to the verdict).
 */
function run(verdicts: string, votes?: string, audit?: number): RunCells {
  const split = votes?.split(' ');
  const cells: Cell[] = [...verdicts].flatMap((v, i) =>
    v === '?' ? [] : [{ stratum: `P${String(i + 1).padStart(2, '0')}`, points: PTS[v]!, votes: [...(split?.[i] ?? v.repeat(3))].map((c) => PTS[c]!) }],
  );
  if (audit !== undefined) cells.push({ stratum: 'audit', points: audit, votes: [] });
  return cells;
}

describe('permutationTest', () => {
  // Exact p for 2 vs 2 with one differing stratum {1, 1, 0, 0}: |T*| = 1 in 2 of the 6 relabellings → 1/3.
  it.each<{ name: string; variant: RunCells[]; baseline: RunCells[]; statistic: number; p: number; tolerance: number }>([
    { name: 'identical prompts', variant: [run('○○△×'), run('○○△×')], baseline: [run('○○△×'), run('○○△×')], statistic: 0, p: 1, tolerance: 0 },
    { name: '2 vs 2, one problem ○○ vs ×× (exact p = 1/3)', variant: [run('○○○×'), run('○○○×')], baseline: [run('○○××'), run('○○××')], statistic: 1, p: 1 / 3, tolerance: 0.02 },
    { name: '2 vs 2, a 0.25 difference (one △ → ○): every relabelling is as extreme', variant: [run('○△△×'), run('○○△×')], baseline: [run('○△△×'), run('○△△×')], statistic: 0.25, p: 1, tolerance: 0 },
    { name: '2 vs 2, three problems ○○ vs ×× (exact p = 2/216)', variant: [run('○○○○'), run('○○○○')], baseline: [run('○×××'), run('○×××')], statistic: 3, p: 2 / 216, tolerance: 0.004 },
    { name: 'negative differences are two-sided too', variant: [run('○×××'), run('○×××')], baseline: [run('○○○○'), run('○○○○')], statistic: -3, p: 2 / 216, tolerance: 0.004 },
    { name: 'the audit stratum counts: bonus − penalty +1 vs −0.5 in every run', variant: [run('○', undefined, 1), run('○', undefined, 1)], baseline: [run('○', undefined, -0.5), run('○', undefined, -0.5)], statistic: 1.5, p: 1 / 3, tolerance: 0.02 },
  ])('$name → T $statistic, p ≈ $p', ({ variant, baseline, statistic, p, tolerance }) => {
    const r = permutationTest(variant, baseline);
    expect(r.statistic).toBe(statistic);
    expect(Math.abs(r.p! - p)).toBeLessThanOrEqual(tolerance + 1 / DEFAULT_ITERATIONS);
    expect(r.iterations).toBe(DEFAULT_ITERATIONS);
  });

  it('split votes widen the null: the same majorities with ○○× / ××○ votes give a larger p', () => {
    const unanimous = permutationTest([run('○○○○'), run('○○○○')], [run('○×××'), run('○×××')]);
    const split = permutationTest([run('○○○○', '○○○ ○○× ○○× ○○×'), run('○○○○', '○○○ ○○× ○○× ○○×')], [run('○×××', '○○○ ××○ ××○ ××○'), run('○×××', '○○○ ××○ ××○ ××○')]);
    expect(split.statistic).toBe(unanimous.statistic);
    expect(unanimous.p!).toBeLessThan(0.05);
    // Each split cell is 1 with chance 2/3 (variant) or 1/3 (baseline): the drawn difference is 1 on average, not 3.
    expect(split.p!).toBeGreaterThan(0.2);
  });

  it('many runs with a clear difference: p at its floor 1/(1 + iterations)', () => {
    const variant = Array.from({ length: 8 }, (_, i) => run(i % 2 ? '○○○△' : '○○○○'));
    const baseline = Array.from({ length: 8 }, (_, i) => run(i % 2 ? '○×△×' : '○△××'));
    const r = permutationTest(variant, baseline);
    // variant 1 + 1 + 1 + 0.75 = 3.75, baseline 1 + 0.25 + 0.25 + 0 = 1.5
    expect(r.statistic).toBe(2.25);
    expect(r.p).toBe(1 / (1 + DEFAULT_ITERATIONS));
  });

  describe('unscored units are left out, never 0', () => {
    it('a stratum unscored in one run is averaged and permuted over its scored cells only', () => {
      // P02: variant ○ (run 2 unscored) vs baseline ×, × → 1 − 0; P01 equal. Counting the ? as × would give 0.5.
      const r = permutationTest([run('○○'), run('○?')], [run('○×'), run('○×')]);
      expect(r.statistic).toBe(1);
      expect(r.strata).toBe(2);
      expect(r.leftOut).toEqual([]);
      // {1, 0, 0} with one variant slot: |T*| = 1 only when the 1 lands there (1/3).
      expect(Math.abs(r.p! - 1 / 3)).toBeLessThan(0.02);
    });

    it('a stratum with no scored cell on one side is dropped from both sides and listed', () => {
      const r = permutationTest([run('○?○'), run('○?○')], [run('○○×'), run('○○×')]);
      expect(r).toMatchObject({ statistic: 1, strata: 2, leftOut: ['P02'] });
    });

    it('nothing to compare: p null', () => {
      expect(permutationTest([run('?○')], [run('○?')])).toEqual({ statistic: 0, p: null, iterations: DEFAULT_ITERATIONS, strata: 0, leftOut: ['P01', 'P02'] });
      expect(permutationTest([], [])).toMatchObject({ p: null, strata: 0, leftOut: [] });
    });
  });

  describe('seeded determinism', () => {
    const variant = [run('○○△×', '○○△ ○○× △△○ ×××'), run('○△△×', '○○○ △△× △○△ ××△')];
    const baseline = [run('○△××', '○○○ △×△ ××○ ×××'), run('○○××', '○○△ ○○× ×△× ×××')];

    it('the same input and seed give the same p, whatever the call order', () => {
      const a = permutationTest(variant, baseline);
      permutationTest(baseline, variant, { seed: 99 });
      expect(permutationTest(variant, baseline)).toEqual(a);
      expect(permutationTest(variant, baseline, { seed: 1 })).toEqual(permutationTest(variant, baseline, { seed: 1 }));
    });

    it('a supplied generator overrides the seed; another seed moves p only by Monte Carlo error', () => {
      expect(permutationTest(variant, baseline, { random: mulberry32(5), seed: 1 })).toEqual(permutationTest(variant, baseline, { seed: 5 }));
      const a = permutationTest(variant, baseline).p!;
      const b = permutationTest(variant, baseline, { seed: 12345 }).p!;
      expect(Math.abs(a - b)).toBeLessThan(0.03);
    });

    it('takes its iteration count and refuses a bad one', () => {
      expect(permutationTest(variant, baseline, { iterations: 200 }).iterations).toBe(200);
      for (const iterations of [0, -1, 1.5]) expect(() => permutationTest(variant, baseline, { iterations })).toThrow(/iterations must be a positive integer/);
    });
  });
});

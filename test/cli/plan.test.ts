/**
 * `review-judge plan` end to end, in process: a real corpus round, the small fixture round, the
 * ad-hoc `--key --reviews` form, `--prompt` filters and the one-line exit-2 input errors.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/runCli.ts';
import { arg, CORPUS, escapeRegExp, expectOneLineInputError, lines, REPO, sha256, type PlanJson } from './cliTestKit.ts';

const ROUND_SMALL = arg('test/fixtures/round-small');
const SMALL_KEY = arg('test/fixtures/round-small/answer-key-round-001.md');
const SMALL_RESULTS = arg('test/fixtures/round-small/results');
const ADHOC = arg('test/fixtures/cli/adhoc');
const SMALL_UNITS = ['P01', 'P02', 'P03', 'audit'];

const corpusRound = path.join(CORPUS, 'rounds/reliability-design');
const corpusPresent = existsSync(corpusRound);
if (!corpusPresent) console.warn(`corpus absent at ${CORPUS}: corpus plan tests skipped`);
const CORPUS_ROUND = arg(path.relative(REPO, corpusRound));

async function planJson(argv: string[]): Promise<PlanJson> {
  const r = await runCli(['plan', ...argv, '--json'], {});
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as PlanJson;
}

/** Every listed review is the file on disk: sha256 of its bytes and its byte size. */
function expectReviewsMatchDisk(plan: PlanJson): void {
  for (const r of plan.reviews) {
    expect(Object.keys(r)).toEqual(['prompt', 'run', 'path', 'sha256', 'size']);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.sha256, r.path).toBe(sha256(r.path));
    expect(r.size, r.path).toBe(statSync(r.path).size);
  }
}

/** Units are, review by review in the listed order, each problem of the key then one audit. */
function expectUnitsPerReview(plan: PlanJson): void {
  const perReview = [...plan.key.problems, 'audit'];
  expect(plan.units).toEqual(
    plan.reviews.flatMap((r) => perReview.map((unit) => ({ review: { prompt: r.prompt, run: r.run, path: r.path }, unit }))),
  );
}

const identities = (plan: PlanJson) => plan.reviews.map((r) => `${r.prompt}#${r.run}`);

describe.skipIf(!corpusPresent)('plan on a corpus round (reliability round 6)', () => {
  it('--json lists 4 reviews with sha256 and size, and 44 units', async () => {
    const plan = await planJson([CORPUS_ROUND, '--round', '6']);
    expect(plan.round).toBe(6);
    expect(plan.key.path).toBe(path.join(CORPUS_ROUND, 'answer-key-round-006.md'));
    expect(plan.key.sha256).toBe(sha256(plan.key.path));
    expect(plan.key.problems).toHaveLength(10);
    expect(plan.key.bonuses).toHaveLength(5);
    expect(plan.perspective?.path).toBe(path.join(CORPUS_ROUND, 'perspective.md'));
    expect(identities(plan)).toEqual(['baseline#1', 'baseline#2', 'variant-explicit-priority#1', 'variant-explicit-priority#2']);
    for (const r of plan.reviews) expect(path.basename(r.path)).toBe(`v006-${r.prompt}-run${r.run}.md`);
    expectReviewsMatchDisk(plan);
    expect(plan.refused).toEqual([]);
    expect(plan.units).toHaveLength(44);
    expect(plan.units.filter((u) => u.unit === 'audit')).toHaveLength(4);
    expect(plan.units.filter((u) => /^P\d{2}$/.test(u.unit))).toHaveLength(40);
    expectUnitsPerReview(plan);
  });

  it('--prompt baseline keeps the two baseline runs (22 units)', async () => {
    const plan = await planJson([CORPUS_ROUND, '--round', '6', '--prompt', 'baseline']);
    expect(identities(plan)).toEqual(['baseline#1', 'baseline#2']);
    expect(plan.units).toHaveLength(22);
  });

  it('a round with no key exits 2 listing the rounds found', async () => {
    const r = await runCli(['plan', CORPUS_ROUND, '--round', '42'], {});
    expectOneLineInputError(r, /no answer key for round 42 \(rounds found: 1, 2, 3, 4, 5, 6, 7, 8, 9\); expected answer-key-round-042\.md/);
  });
});

describe('plan on the small fixture round', () => {
  it('prints a readable plan', async () => {
    const r = await runCli(['plan', ROUND_SMALL, '--round', '1'], {});
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const out = lines(r.stdout);
    expect(out[0]).toMatch(new RegExp(`^answer key: ${escapeRegExp(SMALL_KEY)}  \\(Answer Key - Round 001; 3 problems, 1 bonus(es)?\\)$`));
    expect(out[1]).toBe(`perspective: ${path.join(ROUND_SMALL, 'perspective.md')}  (Perspective: reliability (design review))`);
    expect(out[2]).toBe('reviews: 3');
    const reviewLines = [
      ['baseline run 1', 'v001-baseline-run1.md'],
      ['baseline run 2', 'v001-baseline-run2.md'],
      ['variant-terse run 1', 'v001-variant-terse-run1.md'],
    ].map(([who, name]) => {
      const file = path.join(SMALL_RESULTS, name!);
      return `  ${who}  ${file}  ${statSync(file).size} B  sha256 ${sha256(file).slice(0, 12)}`;
    });
    expect(out.slice(3, 6)).toEqual(reviewLines);
    expect(out[6]).toBe('units: 12  (3 problems + 1 audit per review)');
    expect(out).toHaveLength(7);
  });

  it('--json has the same content', async () => {
    const plan = await planJson([ROUND_SMALL, '--round', '1']);
    expect(plan.round).toBe(1);
    expect(plan.key).toMatchObject({ path: SMALL_KEY, title: 'Answer Key - Round 001', problems: ['P01', 'P02', 'P03'], bonuses: ['B01'], warnings: 0 });
    expect(plan.perspective?.title).toBe('Perspective: reliability (design review)');
    expect(identities(plan)).toEqual(['baseline#1', 'baseline#2', 'variant-terse#1']);
    expectReviewsMatchDisk(plan);
    expect(plan.units).toHaveLength(12);
    expectUnitsPerReview(plan);
  });
});

describe('plan --prompt filters', () => {
  it.each([
    ['round folder, one prompt', [ROUND_SMALL, '--round', '1', '--prompt', 'baseline'], ['baseline#1', 'baseline#2']],
    ['round folder, other prompt', [ROUND_SMALL, '--round', '1', '--prompt', 'variant-terse'], ['variant-terse#1']],
    ['round folder, repeated', [ROUND_SMALL, '--round', '1', '--prompt', 'variant-terse', '--prompt', 'baseline'], ['baseline#1', 'baseline#2', 'variant-terse#1']],
    ['ad-hoc folder', ['--key', SMALL_KEY, '--reviews', SMALL_RESULTS, '--prompt', 'baseline'], ['baseline#1', 'baseline#2']],
    ['ad-hoc files', ['--key', SMALL_KEY, '--reviews', path.join(ADHOC, 'alpha-run1.md'), path.join(ADHOC, 'beta.md'), '--prompt', 'beta'], ['beta#1']],
  ])('%s', async (_name, argv, expected) => {
    const plan = await planJson(argv);
    expect(identities(plan)).toEqual(expected);
    expect(plan.units).toHaveLength(expected.length * SMALL_UNITS.length);
    expect(plan.refused).toEqual([]);
  });
});

describe('plan --key FILE --reviews ... (ad-hoc form)', () => {
  const f = (name: string) => path.join(SMALL_RESULTS, name);
  it.each([
    ['a folder', ['--reviews', SMALL_RESULTS], ['baseline#1', 'baseline#2', 'variant-terse#1'], [f('v001-baseline-run1.md'), f('v001-baseline-run2.md'), f('v001-variant-terse-run1.md')]],
    ['files, in the order given', ['--reviews', f('v001-variant-terse-run1.md'), f('v001-baseline-run2.md')], ['variant-terse#1', 'baseline#2'], [f('v001-variant-terse-run1.md'), f('v001-baseline-run2.md')]],
    [
      'a folder of non-workflow names (scoring, .txt files skipped) plus a file',
      ['--reviews', ADHOC, f('v001-baseline-run1.md')],
      ['alpha#1', 'alpha#2', 'beta#1', 'baseline#1'],
      [path.join(ADHOC, 'alpha-run1.md'), path.join(ADHOC, 'alpha-run2.md'), path.join(ADHOC, 'beta.md'), f('v001-baseline-run1.md')],
    ],
  ])('%s', async (_name, reviewArgs, expectedIds, expectedPaths) => {
    const plan = await planJson(['--key', SMALL_KEY, ...reviewArgs]);
    expect(plan.round).toBe(1); // from the key's file name
    expect(plan.perspective).toBeNull();
    expect(identities(plan)).toEqual(expectedIds);
    expect(plan.reviews.map((r) => r.path)).toEqual(expectedPaths);
    expect(plan.refused).toEqual([]);
    expectReviewsMatchDisk(plan);
    expectUnitsPerReview(plan);
  });

  it('--perspective is read and shown; readable output says so', async () => {
    const persp = path.join(ROUND_SMALL, 'perspective.md');
    const plan = await planJson(['--key', SMALL_KEY, '--reviews', SMALL_RESULTS, '--perspective', persp]);
    expect(plan.perspective).toEqual({ path: persp, sha256: sha256(persp), title: 'Perspective: reliability (design review)' });
    const r = await runCli(['plan', '--key', SMALL_KEY, '--reviews', ADHOC], {});
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toContain('perspective: -');
    expect(lines(r.stdout)).toContain('reviews: 3');
  });

  it('a key whose name carries no round number gives round null', async () => {
    const plan = await planJson(['--key', arg('test/fixtures/keys/en-variants.md'), '--reviews', ADHOC]);
    expect(plan.round).toBeNull();
  });
});

describe('plan: input errors exit 2 with one line', () => {
  const missingDir = arg('test/fixtures/cli/no-such-round');
  it.each([
    ['--round missing', [ROUND_SMALL], new RegExp(`--round N is required with a round folder \\(e\\.g\\. ${escapeRegExp(ROUND_SMALL)} --round 6\\)`)],
    ['a round with no key lists the rounds found', [ROUND_SMALL, '--round', '7'], /no answer key for round 7 \(rounds found: 1\); expected answer-key-round-007\.md/],
    ['a folder with no keys at all', [ADHOC, '--round', '1'], /no answer key for round 1 \(no answer-key-round-NNN\.md files found\)/],
    ['--round not a number', [ROUND_SMALL, '--round', 'six'], /--round expects a positive integer, got 'six'/],
    ['--round 0', [ROUND_SMALL, '--round', '0'], /--round expects a positive integer, got '0'/],
    ['a missing round folder', [missingDir, '--round', '1'], new RegExp(`${escapeRegExp(missingDir)}: round folder not found \\(ENOENT\\)`)],
    ['a file as round folder', [SMALL_KEY, '--round', '1'], /is not a folder; expected a round folder/],
    ['a round folder and --key', [ROUND_SMALL, '--round', '1', '--key', SMALL_KEY], /give either <round-dir> --round N or --key FILE --reviews FILE\.\.\., not both/],
    ['no inputs at all', [], /no inputs: give <round-dir> --round N, or --key FILE --reviews FILE\.\.\./],
    ['--key without --reviews', ['--key', SMALL_KEY], /no inputs: /],
    ['a missing key file', ['--key', arg('test/fixtures/cli/no-such-key.md'), '--reviews', ADHOC], /no-such-key\.md: cannot read answer key \(ENOENT\)/],
    ['a missing review path', ['--key', SMALL_KEY, '--reviews', arg('test/fixtures/cli/no-such-review.md')], /no-such-review\.md: review not found \(ENOENT\)/],
    ['--max-review-bytes 0', ['--key', SMALL_KEY, '--reviews', ADHOC, '--max-review-bytes', '0'], /--max-review-bytes expects a positive integer, got '0'/],
    ['a broken key', ['--key', arg('test/fixtures/keys/broken-dup-problem.md'), '--reviews', ADHOC], /broken-dup-problem\.md:14: duplicate problem id P01/],
  ])('%s', async (_name, argv, message) => {
    for (const extra of [[], ['--json']]) {
      expectOneLineInputError(await runCli(['plan', ...argv, ...extra], {}), message);
    }
  });
});

describe('plan: working directory', () => {
  // Regression: inputs once resolved against process.cwd() instead of io.cwd.
  it('resolves a relative round folder against io.cwd', async () => {
    const r = await runCli(['plan', 'round-small', '--round', '1', '--json'], {}, { cwd: path.join(REPO, 'test/fixtures') });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as PlanJson).reviews).toHaveLength(3);
  });
});

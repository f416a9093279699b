/**
 * `review-judge quote-check` end to end, in process: the text and --json answers per quote, stdin,
 * the corpus mode on a small fixture root, and the one-line exit-2 errors for bad input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/runCli.ts';
import { arg, expectOneLineInputError, lines } from './cliTestKit.ts';

const REVIEW = arg('test/fixtures/quote-check/review.md');
const QUOTES = arg('test/fixtures/quote-check/quotes.jsonl');
const BAD = arg('test/fixtures/quote-check/bad.jsonl');
const ROOT = arg('test/fixtures/quote-check/root');

interface QuoteLine {
  quote: string;
  verified: boolean;
  start?: number;
  end?: number;
  closest: { passage: string; start: number; end: number } | null;
  differences: string[];
}

describe('quote-check <review> --json', () => {
  it('prints one object per quote, in input order, blank lines skipped', async () => {
    const r = await runCli(['quote-check', REVIEW, '--quotes', QUOTES, '--json'], {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout).map((l) => JSON.parse(l) as QuoteLine);
    expect(out.map((o) => [o.verified, o.quote])).toEqual([
      [true, 'Commands sent via Device Manager -> MQTT Broker are retried on timeout.'],
      [false, 'Retries never use exponential backoff'],
      [false, 'a retried “unlock” command may always execute twice'],
      [true, '認証トークンが平文でログに出力されている'],
      [false, 'Commands sent via ... is fine'],
    ]);
    expect(out[0]).toMatchObject({ start: 86, end: 157, differences: [], closest: { passage: 'Commands sent via `Device Manager → MQTT Broker` are retried on timeout' } });
    expect(out[1]).toEqual({ quote: 'Retries never use exponential backoff', verified: false, closest: null, differences: ['nothing in the review shares a word with the quote'] });
    expect(out[2]).toMatchObject({ closest: { passage: 'a retried "unlock" command may execute twice' }, differences: ['missing in review: "always"'] });
    expect(out[2]).not.toHaveProperty('start');
    expect(out[4]!.differences[0]).toBe('fragment 2 of 2 not found in the review');
  });

  it('reads the quotes from standard input without --quotes', async () => {
    const r = await runCli(['quote-check', REVIEW, '--json'], {}, { stdin: '{"quote": "Stale state between Redis and TimescaleDB."}\n' });
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout) as QuoteLine;
    expect(line.verified).toBe(true);
    expect(readFileSync(REVIEW, 'utf8').slice(line.start, line.end)).toBe('Stale state between Redis and TimescaleDB');
  });
});

describe('quote-check <review> (text)', () => {
  it('marks each quote, shows the closest passage and what differs, and counts', async () => {
    const r = await runCli(['quote-check', REVIEW, '--quotes', QUOTES], {});
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`✓ 1. "Commands sent via Device Manager -> MQTT Broker are retried on timeout."  (${REVIEW}:5, characters 86-157)`);
    expect(out).toContain('✗ 3. "a retried “unlock” command may always execute twice"');
    expect(out).toContain(`     closest (${REVIEW}:6): "a retried "unlock" command may execute twice"`);
    expect(out).toContain('     - missing in review: "always"');
    expect(out.at(-1)).toBe('5 quotes: 2 verified, 3 not found');
  });

  it('exits 0 when no quote verifies', async () => {
    const r = await runCli(['quote-check', REVIEW], {}, { stdin: '{"quote": "nothing like this at all"}' });
    expect(r.code).toBe(0);
    expect(lines(r.stdout).at(-1)).toBe('1 quote: 0 verified, 1 not found');
  });
});

describe('quote-check --corpus', () => {
  it('prints the regression set: faithful quotes, rejected, alterations, accepted, beside the old check', async () => {
    const r = await runCli(['quote-check', '--corpus', ROOT], {});
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out[0]).toBe(`quote regression set: ${ROOT} (1 scoring file, 1 review, seed 20261201)`);
    expect(out.find((l) => l.startsWith('faithful quotes'))).toMatch(/^faithful quotes\s+\d+\s+rejected 0 \(0%\)\s+before issue 11: \d+ \(\d+\.\d+%\)$/);
    expect(out.find((l) => l.startsWith('alterations'))).toMatch(/^alterations\s+\d+\s+accepted 0\s+before issue 11: \d+$/);
    expect(out).toContain('historical rejections of the old check recovered: 1 of 1');
  });

  it('--json prints the whole report', async () => {
    const r = await runCli(['quote-check', '--corpus', ROOT, '--json', '--seed', '7'], {});
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ corpus: ROOT, seed: 7, scoringFiles: 1, reviews: 1, maxFragmentGap: 600, minQuoteWidth: 8, rejected: [], accepted: [] });
    expect(report.current.faithful.byKind.historical).toEqual({ total: 3, wrong: 0 });
    expect(report.current.notInReview).toMatchObject({ total: 1, wrong: 0 });
  });
});

describe('quote-check: bad input', () => {
  it.each<[string, string[], RegExp]>([
    ['a line without a string quote', ['quote-check', REVIEW, '--quotes', BAD], /^review-judge: .*bad\.jsonl:3: not a JSON object with a string "quote"$/],
    ['a quotes file that does not exist', ['quote-check', REVIEW, '--quotes', 'nope.jsonl'], /^review-judge: nope\.jsonl: cannot read quotes \(ENOENT\); check the path$/],
    ['a review that does not exist', ['quote-check', 'nope.md', '--quotes', QUOTES], /^review-judge: nope\.md: cannot read review/],
    ['no review and no --corpus', ['quote-check', '--quotes', QUOTES], /^review-judge: missing <review\.md> \(or --corpus DIR for the regression set\)$/],
    ['--corpus with a review', ['quote-check', REVIEW, '--corpus', ROOT], /^review-judge: --corpus measures the regression set; give it without a review or --quotes$/],
    ['a corpus folder without scoring files', ['quote-check', '--corpus', arg('test/fixtures/keys')], /no historical scoring files/],
    ['a bad seed', ['quote-check', '--corpus', ROOT, '--seed', 'x'], /^review-judge: --seed must be an integer, got x$/],
  ])('%s: one line, exit 2', async (_name, argv, pattern) => {
    expectOneLineInputError(await runCli(argv, {}), pattern);
  });

  it('names standard input when a piped line is bad', async () => {
    expectOneLineInputError(await runCli(['quote-check', REVIEW], {}, { stdin: '{"quote": "fine"}\nnot json\n' }), /^review-judge: <stdin>:2: not valid JSON: expected one object \{"quote": "\.\.\."\} per line$/);
  });
});

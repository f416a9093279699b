/**
 * `review-judge key` end to end, in process: the canonical JSON, the readable summary, and the
 * one-line exit-2 errors for broken or missing keys.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerKey, Bonus, Problem } from '../../src/types/AnswerKey.ts';
import { parseAnswerKey } from '../../src/answer-key/parseAnswerKey.ts';
import { runCli } from '../e2e/runCli.ts';
import { arg, escapeRegExp, expectOneLineInputError, lines } from './cliTestKit.ts';

const ROUND6 = arg('answer-keys/round-006.md');
/** The documented order of the canonical answer key's fields (README, "The canonical answer key"). */
const KEY_ORDER = ['title', 'round', 'perspective', 'target', 'declaredProblemCount', 'problems', 'bonuses', 'warnings'];
/** The bonus rows of round 6 that restate a planted problem (see src/answer-key/restatedBonuses.ts). */
const ROUND6_RESTATED = [
  `${ROUND6}:170: warning: bonus B01 restates P06 (its description; similarity 0.79 ≥ 0.7): a finding for it is a match of P06, never a bonus — narrow the row or drop it`,
  `${ROUND6}:173: warning: bonus B04 restates P04 (its description; similarity 0.77 ≥ 0.7): a finding for it is a match of P04, never a bonus — narrow the row or drop it`,
];
const P_IDS = ['P01', 'P02', 'P03', 'P04', 'P05', 'P06', 'P07', 'P08', 'P09', 'P10'];

describe('key --json', () => {
  it('prints exactly the canonical answer key of round 6', async () => {
    const r = await runCli(['key', ROUND6, '--json'], {});
    expect(lines(r.stderr)).toEqual(ROUND6_RESTATED);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as unknown;
    const key = AnswerKey.parse(json);
    // zod drops unknown fields: equality means nothing extra at any depth.
    expect(json).toEqual(key);
    expect(Object.keys(json as object)).toEqual(KEY_ORDER);
    expect(Object.keys(AnswerKey.shape)).toEqual(KEY_ORDER);
    expect(r.stdout).toBe(JSON.stringify(json, null, 2) + '\n');

    expect(key).toMatchObject({ title: 'Answer Key - Round 006', round: 6, target: 'design', declaredProblemCount: 10, warnings: [] });
    expect(key.perspective).toMatch(/^reliability/);
    expect(key.problems.map((p) => p.id)).toEqual(P_IDS);
    for (const p of key.problems) {
      expect(Object.keys(p), p.id).toEqual(Object.keys(Problem.shape));
      expect(Object.keys(p.criteria), p.id).toEqual(['detected', 'partial', 'undetected']);
      for (const [verdict, text] of Object.entries(p.criteria)) expect(text.trim(), `${p.id} ${verdict}`).not.toBe('');
      expect(p.title.trim(), p.id).not.toBe('');
    }
    expect(key.bonuses.map((b) => b.id)).toEqual(['B01', 'B02', 'B03', 'B04', 'B05']);
    for (const b of key.bonuses) expect(Object.keys(b), b.id).toEqual(Object.keys(Bonus.shape));
  });

  it('is the parser output, byte for byte', async () => {
    const r = await runCli(['key', ROUND6, '--json'], {});
    const parsed = parseAnswerKey(readFileSync(ROUND6, 'utf8'), ROUND6);
    expect(r.stdout).toBe(JSON.stringify(parsed, null, 2) + '\n');
  });

  // Every valid fixture key: schema-valid JSON on stdout, its warnings as `path:line: warning:` on stderr.
  const valid = [
    arg('test/fixtures/round-small/answer-key-round-001.md'),
    ...readdirSync(arg('test/fixtures/keys'))
      .filter((f) => !f.startsWith('broken-'))
      .sort()
      .map((f) => arg(`test/fixtures/keys/${f}`)),
  ];
  it.each(valid)('%s: schema-valid, warnings on stderr', async (file) => {
    const r = await runCli(['key', file, '--json'], {});
    expect(r.code, r.stderr).toBe(0);
    const key = AnswerKey.parse(JSON.parse(r.stdout));
    expect(Object.keys(key)).toEqual(KEY_ORDER);
    expect(key.problems.length).toBeGreaterThan(0);
    expect(lines(r.stderr)).toEqual(key.warnings.map((w) => `${file}:${w.line}: warning: ${w.message}`));
  });
});

describe('key (readable summary)', () => {
  it('names the key, its counts and every problem and bonus id', async () => {
    const r = await runCli(['key', ROUND6], {});
    expect(lines(r.stderr)).toEqual(ROUND6_RESTATED);
    expect(r.code).toBe(0);
    expect(() => JSON.parse(r.stdout)).toThrow();
    const out = lines(r.stdout);
    expect(out[0]).toBe(`Answer Key - Round 006  (${ROUND6})`);
    expect(r.stdout).toContain('round: 6');
    expect(r.stdout).toContain('problems: 10 (declared 10)  bonuses: 5  warnings: 0  bonus rows restating a problem: 2');
    for (const id of P_IDS) expect(out.filter((l) => l.startsWith(`${id}  [`)), id).toHaveLength(1);
    for (const id of ['B01', 'B02', 'B03', 'B04', 'B05']) expect(out.filter((l) => l.startsWith(`${id}  [`)), id).toHaveLength(1);
    // The three criteria of each problem, one line each.
    for (const mark of ['○', '△', '×']) expect(out.filter((l) => l.trimStart().startsWith(`${mark} `)), mark).toHaveLength(10);
  });

  it('prints warnings on stderr and still exits 0', async () => {
    const file = arg('test/fixtures/keys/stray-section.md');
    const r = await runCli(['key', file], {});
    expect(r.code).toBe(0);
    const warn = lines(r.stderr);
    expect(warn.length).toBeGreaterThan(0);
    for (const l of warn) expect(l).toMatch(new RegExp(`^${escapeRegExp(file)}:\\d+: warning: `));
  });
});

describe('key: a broken key exits 2 with one `path:line: message` line', () => {
  const broken: Array<[string, number, RegExp]> = [
    ['test/fixtures/keys/broken-no-problems.md', 1, /not an answer key: no '### P01: \.\.\.' problem headings found/],
    ['test/fixtures/keys/broken-dup-problem.md', 14, /duplicate problem id P01 \(first at line 5\)/],
    ['test/fixtures/keys/broken-dup-bonus.md', 20, /duplicate bonus id B01 \(first at line 18\)/],
    ['test/fixtures/keys/broken-missing-partial.md', 14, /P02 has no △ \(partial\) criterion/],
    ['test/fixtures/cli/broken-empty-criterion.md', 14, /P02 has no ○ \(detected\) criterion \(its text is empty\)/],
    ['test/fixtures/cli/broken-no-criteria.md', 5, /P01 has no ○ \(detected\), △ \(partial\), × \(undetected\) criterion/],
  ];
  const cases = broken.flatMap(([file, line, message]) => [
    [file, line, message, [] as string[]] as const,
    [file, line, message, ['--json']] as const,
  ]);
  it.each(cases)('%s (line %i) %s %j', async (file, line, message, extra) => {
    const p = arg(file);
    const r = await runCli(['key', p, ...extra], {});
    const err = expectOneLineInputError(r, new RegExp(`^review-judge: ${escapeRegExp(p)}:${line}: `));
    expect(err).toMatch(message);
    expect(err).toMatch(/expected /); // says what was expected, not only what is wrong
  });
});

describe('key: unreadable paths and usage', () => {
  it.each([
    ['a missing file', 'test/fixtures/cli/no-such-key.md', /cannot read answer key \(ENOENT\)/],
    ['a folder', 'test/fixtures/cli', /cannot read answer key \(EISDIR\)/],
  ])('%s exits 2 naming the path', async (_name, file, message) => {
    const p = arg(file);
    const err = expectOneLineInputError(await runCli(['key', p], {}), new RegExp(`^review-judge: ${escapeRegExp(p)}: `));
    expect(err).toMatch(message);
  });

  it('key --help exits 0 and prints usage', async () => {
    const r = await runCli(['key', '--help'], {});
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Usage: review-judge key [options] <answer-key>');
    expect(r.stdout).toContain('--json');
  });

  it('key without a file exits 2 and names the missing argument', async () => {
    const r = await runCli(['key'], {});
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("missing required argument 'answer-key'");
    expect(r.stderr).not.toMatch(/^\s*at /m);
  });
});

describe('key: encoding', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'rj-key-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads a key with a BOM and CRLF line ends like the LF original', async () => {
    const original = readFileSync(arg('test/fixtures/round-small/answer-key-round-001.md'), 'utf8');
    const file = path.join(tmp, 'answer-key-round-001.md');
    writeFileSync(file, '\uFEFF' + original.replace(/\n/g, '\r\n'));
    const a = await runCli(['key', file, '--json'], {});
    const b = await runCli(['key', arg('test/fixtures/round-small/answer-key-round-001.md'), '--json'], {});
    expect(a.code, a.stderr).toBe(0);
    expect(JSON.parse(a.stdout)).toEqual(JSON.parse(b.stdout));
  });

  // Regression: `key` once read the file with readFile(file, 'utf8'), turning invalid UTF-8 into
  // U+FFFD silently; it must refuse it like plan and score do.
  it('refuses an invalid-UTF-8 key like plan does (exit 2, one line naming the byte)', async () => {
    const original = readFileSync(arg('test/fixtures/round-small/answer-key-round-001.md'));
    const at = original.indexOf('Points out the missing timeout');
    const file = path.join(tmp, 'bad-utf8.md');
    writeFileSync(file, Buffer.concat([original.subarray(0, at), Buffer.from([0xff]), original.subarray(at)]));
    const err = expectOneLineInputError(await runCli(['key', file, '--json'], {}), new RegExp(`^review-judge: ${escapeRegExp(file)}: `));
    expect(err).toContain(`invalid UTF-8 at byte ${at}`);
  });
});

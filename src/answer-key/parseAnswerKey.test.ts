import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { AnswerKey } from '../types/AnswerKey.ts';
import { parseAnswerKey } from './parseAnswerKey.ts';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/keys/', import.meta.url));
const rel = (name: string) => `test/fixtures/keys/${name}`;
const load = (name: string) => readFileSync(FIXTURES + name, 'utf8');
const parse = (name: string) => {
  const key = parseAnswerKey(load(name), rel(name));
  AnswerKey.parse(key); // the printed contract must hold for every fixture
  return key;
};
const problem = (name: string, id: string) => {
  const p = parse(name).problems.find((x) => x.id === id);
  if (!p) throw new Error(`${id} not in ${name}`);
  return p;
};

describe('parseAnswerKey: header and shape', () => {
  it.each([
    ['ja-basic.md', '正解キー - Round 004', 4, 'reliability（信頼性）', 'design', 3, 3, 2],
    ['en-variants.md', 'Answer Key - Round 3', 3, 'performance', 'design', 3, 3, 3],
    ['crlf-bom.md', '正解キー - Round 005', 5, 'performance', 'design', 1, 1, 1],
    ['ja-quirks.md', '正解キー', null, 'reliability', 'design', 2, 2, 1],
    ['stray-section.md', '正解キー: Round 011', 11, 'consistency', 'design', 1, 1, 1],
    ['bonus-issue.md', 'Answer Key - Round 015', 15, null, null, null, 1, 2],
  ])('%s', (name, title, round, perspective, target, declared, problems, bonuses) => {
    const key = parse(name);
    expect(key.title).toBe(title);
    expect(key.round).toBe(round);
    expect(key.perspective).toBe(perspective);
    expect(key.target).toBe(target);
    expect(key.declaredProblemCount).toBe(declared);
    expect(key.problems).toHaveLength(problems);
    expect(key.bonuses).toHaveLength(bonuses);
  });

  it('reads a clean Japanese key field by field, without warnings', () => {
    const key = parse('ja-basic.md');
    expect(key.warnings).toEqual([]);
    expect(key.problems[0]).toEqual({
      id: 'P01',
      title: 'リトライ方針の欠如',
      category: '障害回復設計',
      severity: { raw: '重大', level: 'critical' },
      location: 'セクション3（外部連携）',
      description: '外部決済APIの呼び出しにタイムアウトとリトライが定義されていない。',
      criteria: {
        detected: '決済API呼び出しのタイムアウト・リトライ欠如を指摘している',
        partial: '外部API呼び出し全般の信頼性に言及しているが決済APIを特定していない',
        undetected: '言及なし',
      },
    });
    expect(key.problems.map((p) => p.severity.level)).toEqual(['critical', 'major', 'minor']);
  });

  it('accepts full-width colons in headings, labels and criteria', () => {
    const p = problem('ja-basic.md', 'P02');
    expect(p.title).toBe('バックアップ検証の欠如');
    expect(p.category).toBe('可用性・冗長性');
    expect(p.severity).toEqual({ raw: '中', level: 'major' });
    expect(p.criteria.undetected).toBe('言及なし');
  });

  it('strips a BOM and CRLF line ends, and reads full-width digits in the count', () => {
    const key = parse('crlf-bom.md');
    expect(load('crlf-bom.md').startsWith('\uFEFF')).toBe(true);
    expect(key.warnings).toEqual([]);
    const p = key.problems[0]!;
    expect(p.title).toBe('N+1クエリ');
    expect(p.description).toBe('一覧取得で関連データを1件ずつ取得している。\n  1. 注文一覧\n  2. 明細');
    expect(p.criteria.partial).toBe('クエリ効率に言及');
    expect(JSON.stringify(key)).not.toContain('\r');
  });
});

describe('parseAnswerKey: label and criteria variants (English)', () => {
  const key = () => parse('en-variants.md');

  it('normalises P1 to P01 and accepts a heading with no colon', () => {
    expect(key().problems.map((p) => p.id)).toEqual(['P01', 'P02', 'P03']);
    expect(key().problems[0]!.title).toBe('Missing Cache Strategy');
  });

  it('reads unbolded labels and a location written after a multi-paragraph description', () => {
    const p = problem('en-variants.md', 'P01');
    expect(p.category).toBe('Cache and Memory Management');
    expect(p.severity).toEqual({ raw: 'Critical', level: 'critical' });
    expect(p.location).toBe('Section 3 (Architecture)');
    expect(p.description).toBe(
      'Redis is listed but no cache strategy is defined for:\n  1. Event catalogue reads\n  2. Seat availability\n\n' +
        'Without caching, every request hits the database.\n\nPeak load makes this worse.',
    );
  });

  it('keeps a criterion that continues on the next line whole', () => {
    expect(problem('en-variants.md', 'P01').criteria.detected).toBe(
      'Identifies the missing cache strategy\nand recommends caching catalogue reads',
    );
  });

  it.each([
    ['P01', 'Identifies the missing cache strategy', 'Mentions caching in general', 'No mention of caching'],
    ['P02', 'Identifies the unbounded date range', 'Mentions query performance', 'No mention'],
    ['P03', 'Points out the missing load test plan', 'Mentions testing in general', 'No mention'],
  ])('%s: bracket styles (Full Detection, bold, bracketless, Missed, No Detection)', (id, detected, partial, undetected) => {
    const c = problem('en-variants.md', id).criteria;
    expect(c.detected.startsWith(detected)).toBe(true);
    expect(c.partial).toBe(partial);
    expect(c.undetected).toBe(undetected);
  });

  it('reads Observation as the description and a missing location as null', () => {
    const p = problem('en-variants.md', 'P02');
    expect(p.description).toBe('The history endpoint accepts any date range.');
    expect(p.location).toBeNull();
  });

  it('reads Description as the description, with Location after it', () => {
    const p = problem('en-variants.md', 'P03');
    expect(p.description).toBe('No load test scenario is specified.');
    expect(p.location).toBe('Section 6');
  });

  it('ignores known extras (Severity Justification, Domain) without warning', () => {
    expect(key().warnings).toEqual([]);
  });
});

describe('parseAnswerKey: quirks become warnings, never silent drops', () => {
  const key = () => parse('ja-quirks.md');
  const messages = () => key().warnings.map((w) => `${w.line}: ${w.message}`);

  it('reads the mojibake label カテ\\uFFFDゴリ as カテゴリ and says so', () => {
    expect(problem('ja-quirks.md', 'P01').category).toBe('障害回復設計');
    expect(messages()).toContainEqual(expect.stringMatching(/^12: P01: label .*U\+FFFD.*read as 'カテゴリ'/));
  });

  it('ignores an exact duplicate line and keeps the first of two severities', () => {
    expect(problem('ja-quirks.md', 'P01').severity).toEqual({ raw: '重大 (Critical)', level: 'critical' });
    expect(messages()).toContainEqual(expect.stringMatching(/^14: duplicate of line 13 ignored/));
    expect(messages()).toContainEqual(expect.stringMatching(/^18: P01: second Severity .*kept the first, from line 13/));
  });

  it('warns about an unknown label, unknown execution field and stray text', () => {
    expect(messages()).toContainEqual(expect.stringMatching(/^16: P01: unknown label '影響範囲'/));
    expect(messages()).toContainEqual(expect.stringMatching(/^6: unknown execution field 'テスト文書テーマ'/));
    expect(messages()).toContainEqual(expect.stringMatching(/^24: P01: text outside any labelled bullet.*補足/));
    expect(messages()).toContainEqual(expect.stringMatching(/^30: P02: text under Detection Criteria .*以下の通り/));
  });

  it('does not let trailing text leak into the × criterion', () => {
    expect(problem('ja-quirks.md', 'P01').criteria.undetected).toBe('言及なし');
  });

  it('sorts warnings by line', () => {
    const lines = key().warnings.map((w) => w.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('skips a stray H2 with non-problem H3s and a trailing non-problem H3, warning once each', () => {
    const k = parse('stray-section.md');
    expect(k.problems.map((p) => p.id)).toEqual(['P01']);
    expect(k.problems[0]!.criteria.undetected).toBe('言及なし');
    expect(k.warnings.map((w) => w.line)).toEqual([8, 31]);
    expect(k.warnings[0]!.message).toContain('前提: 既存コードベースのパターン');
  });
});

describe('parseAnswerKey: bonus tables', () => {
  it.each([
    ['ja-basic.md', { id: 'B01', category: '監視設計', description: 'アラート閾値が未定義', condition: 'アラート閾値の欠如を指摘' }],
    ['bonus-issue.md', { id: 'B01', category: 'Secrets', description: 'Secrets in ConfigMaps', condition: 'Mentions secret storage' }],
    ['bonus-reordered.md', { id: 'B01', category: 'Secrets', description: 'Secrets in ConfigMaps', condition: 'Mentions secret storage' }],
    ['bonus-headerless.md', { id: 'B01', category: 'Secrets', description: 'Secrets in ConfigMaps', condition: 'Mentions secret storage' }],
    ['crlf-bom.md', { id: 'B01', category: 'キャッシュ', description: 'キャッシュ未定義', condition: 'キャッシュ欠如を指摘' }],
  ])('%s: maps columns by header synonym or position', (name, first) => {
    expect(parse(name).bonuses[0]).toEqual(first);
  });

  it('handles Content/Bonus Criteria headers, B1 ids, escaped pipes and pipes inside backticks', () => {
    expect(parse('en-variants.md').bonuses).toEqual([
      { id: 'B01', category: 'Database', description: 'Connection pool size `min|max` undefined', condition: 'Points out the pool sizing gap' },
      { id: 'B02', category: 'Async', description: 'Email sent synchronously', condition: 'Suggests a queue for email' },
      { id: 'B03', category: 'Scaling', description: 'Autoscaling trigger `cpu | memory` undefined', condition: 'Names an autoscaling metric' },
    ]);
  });
});

describe('parseAnswerKey: fatal errors name file, line and what was expected', () => {
  const fail = (name: string): InputError => {
    try {
      parseAnswerKey(load(name), rel(name));
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return e as InputError;
    }
    throw new Error(`${name} parsed without error`);
  };

  it.each([
    ['broken-no-problems.md', 1, /^not an answer key: no '### P01: \.\.\.' problem headings found; expected H3 headings like '### P01: <title>'/],
    ['broken-missing-partial.md', 14, /^P02 has no △ \(partial\) criterion; expected a bullet like '- △ \(Partial\): \.\.\.' under Detection Criteria$/],
    ['broken-dup-problem.md', 14, /^duplicate problem id P01 \(first at line 5\); expected each '### Pnn' heading to be unique$/],
    ['broken-dup-bonus.md', 20, /^duplicate bonus id B01 \(first at line 18\); expected each 'B01'-style row id to be unique$/],
  ])('%s → line %i', (name, line, message) => {
    const err = fail(name);
    expect(err.file).toBe(rel(name));
    expect(err.line).toBe(line);
    expect(err.message).toMatch(message);
    expect(err.format()).toBe(`${rel(name)}:${line}: ${err.message}`);
  });

  it('names every missing criterion at once', () => {
    const text = '# K\n\n### P07: X\n- **Category**: c\n- **Severity**: Low\n- **Description**: d\n- **Detection Criteria**:\n  - ○ (Detected): yes\n';
    expect(() => parseAnswerKey(text, 'k.md')).toThrow(
      "P07 has no △ (partial), × (undetected) criterion; expected bullets like '- △ (Partial): ...', '- × (Undetected): ...' under Detection Criteria",
    );
  });

  it('rejects an empty text', () => {
    expect(() => parseAnswerKey('', 'empty.md')).toThrow(/not an answer key/);
  });
});

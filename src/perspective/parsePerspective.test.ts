import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parsePerspective, perspectiveSection } from './parsePerspective.ts';
import { Perspective } from '../types/Perspective.ts';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/perspectives/', import.meta.url));
const load = (name: string) => readFileSync(FIXTURES + name, 'utf8');
const parse = (name: string) => Perspective.parse(parsePerspective(load(name), `test/fixtures/perspectives/${name}`));

describe('parsePerspective', () => {
  it('reads a Japanese perspective, keeping nested bullets and continuations with their item', () => {
    const p = parse('ja.md');
    expect(p.title).toBe('観点定義: 信頼性（設計レビュー）');
    expect(p.overview).toBe('設計書を評価し、障害回復と運用性の問題を特定する。');
    expect(p.inScope).toEqual([
      '障害回復設計（サーキットブレーカー、リトライ）',
      'データ整合性\n  - べき等性\n  - トランザクション境界',
      '監視・アラート設計\n  （SLO に基づくアラートを含む）',
    ]);
    expect(p.outOfScope).toEqual(['セキュリティ脆弱性 → security で扱う', 'パフォーマンス → performance で扱う']);
    expect(p.bonusPenaltyGuidance).toBe('- **ボーナス対象**: 正解キーにない障害シナリオの指摘\n- **ペナルティ対象**: セキュリティの指摘');
    expect(p.raw).toBe(load('ja.md'));
  });

  it('reads English headings (In Scope, Out-of-Scope, Bonus and Penalty Criteria) and skips unknown sections', () => {
    const p = parse('en.md');
    expect(p.title).toBe('Perspective: Performance (Design Review)');
    expect(p.overview).toBe('Evaluate the design for performance risks.\n\nIt covers latency and throughput.');
    expect(p.inScope).toEqual(['Caching strategy', 'Query efficiency (N+1, unbounded queries)']);
    expect(p.outOfScope).toEqual(['Security vulnerabilities → security']);
    expect(p.bonusPenaltyGuidance).toBe('Bonus: in-scope findings missing from the key.\nPenalty: out-of-scope findings.');
    expect(JSON.stringify(p)).toContain('Notes that belong to no section'); // only via raw
    expect(p.overview + p.bonusPenaltyGuidance).not.toContain('Notes that belong');
  });

  it('gives empty values for missing sections', () => {
    expect(parse('partial.md')).toMatchObject({ overview: '', inScope: ['Fault recovery'], outOfScope: [], bonusPenaltyGuidance: '' });
  });

  it('handles CRLF and a BOM', () => {
    const text = '\uFEFF' + load('ja.md').replace(/\n/g, '\r\n');
    const p = parsePerspective(text, 'crlf.md');
    expect(p.title).toBe('観点定義: 信頼性（設計レビュー）');
    expect(p.outOfScope).toHaveLength(2);
    expect(JSON.stringify({ ...p, raw: '' })).not.toContain('\\r');
  });

  it('throws InputError at line 1 when no known section is present', () => {
    const name = 'test/fixtures/perspectives/not-a-perspective.md';
    const err = (() => {
      try {
        parsePerspective(load('not-a-perspective.md'), name);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).format()).toMatch(
      new RegExp(`^${name}:1: not a perspective file: no known section headings found; expected headings such as '## 概要' / '## Overview'`),
    );
  });

  it.each([
    ['概要', 'overview'],
    ['Overview', 'overview'],
    ['評価スコープ', 'inScope'],
    ['Evaluation Scope', 'inScope'],
    ['Scope', 'inScope'],
    ['スコープ外', 'outOfScope'],
    ['Out of Scope', 'outOfScope'],
    ['ボーナス/ペナルティの判定指針', 'guidance'],
    ['Bonus/Penalty Guidance', 'guidance'],
    ['Agenda', null],
  ])('heading %s → %s', (heading, section) => {
    expect(perspectiveSection(heading)).toBe(section);
  });
});

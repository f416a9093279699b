import { describe, expect, it } from 'vitest';
import { findBonusTables } from './bonusTable.ts';
import { matchCriterion } from './criteria.ts';
import { matchLabelled, splitLines, splitRow } from './markdown.ts';

describe('matchCriterion', () => {
  it.each([
    ['○（検出）: a', 'detected', 'a'],
    ['○ (Detected): a', 'detected', 'a'],
    ['○ (Full Detection): a', 'detected', 'a'],
    ['**○ (Detected)**: a', 'detected', 'a'],
    ['◯ Detected: a', 'detected', 'a'],
    ['△（部分検出）：a', 'partial', 'a'],
    ['△ (Partial Detection): a', 'partial', 'a'],
    ['△ [Partial] a', 'partial', 'a'],
    ['×（未検出）：a', 'undetected', 'a'],
    ['× (Not detected): a', 'undetected', 'a'],
    ['× (Undetected): a', 'undetected', 'a'],
    ['× (No Detection): a', 'undetected', 'a'],
    ['× (Missed): a', 'undetected', 'a'],
    ['✕ 未検出: a', 'undetected', 'a'],
    ['×: a', 'undetected', 'a'],
  ])('%s', (body, verdict, text) => {
    expect(matchCriterion(body)).toEqual({ verdict, text });
  });

  it('rejects bullets that do not start with a verdict symbol', () => {
    expect(matchCriterion('Detected: ○ if found')).toBeNull();
  });
});

describe('matchLabelled', () => {
  it.each([
    ['**Category**: x', { label: 'Category', value: 'x', bold: true }],
    ['**Category:** x', { label: 'Category', value: 'x', bold: true }],
    ['**カテゴリ**：x', { label: 'カテゴリ', value: 'x', bold: true }],
    ['Category: x', { label: 'Category', value: 'x', bold: false }],
    ['**Bold text** without colon', null],
    ['https://example.com', null],
  ])('%s', (body, expected) => {
    expect(matchLabelled(body)).toEqual(expected);
  });
});

describe('splitRow', () => {
  it('splits on unescaped pipes outside backticks', () => {
    expect(splitRow('| B01 | a \\| b | `x|y` | c |')).toEqual(['B01', 'a | b', '`x|y`', 'c']);
  });
  it('falls back to a plain split when a stray backtick would merge cells', () => {
    expect(splitRow('| B01 | it`s | b | c |', 4)).toEqual(['B01', 'it`s', 'b', 'c']);
  });
});

describe('findBonusTables', () => {
  it('ignores tables without B rows and code-fenced tables', () => {
    const t = findBonusTables(splitLines('| ID | X |\n|---|---|\n| P01 | y |\n\n```\n| B09 | a | b | c |\n```\n'));
    expect(t.rows).toEqual([]);
  });
  it('warns about rows in a bonus table that have no B id', () => {
    const t = findBonusTables(splitLines('| ID | Category | Description | Condition |\n|---|---|---|---|\n| B01 | a | b | c |\n| note | | | |\n'));
    expect(t.rows.map((r) => r.bonus.id)).toEqual(['B01']);
    expect(t.warnings).toEqual([{ line: 4, message: expect.stringContaining('does not start with a B01-style id') }]);
  });
});

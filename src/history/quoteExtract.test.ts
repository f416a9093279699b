import { describe, expect, it } from 'vitest';
import { extractQuotes } from './quoteExtract.ts';

describe('extractQuotes', () => {
  it.each<[string, string, [string, string][]]>([
    ['straight quotes in a table cell', '| P01 | ○ | Issue #3 "Transaction Boundaries Undefined" covers it. |', [['"', 'Transaction Boundaries Undefined']]],
    ['several on a line', 'mentions "Kinesis consumer" and "Write to TimescaleDB"', [['"', 'Kinesis consumer'], ['"', 'Write to TimescaleDB']]],
    ['「」', 'Run1: C2で「N+1問題と同期ファンアウト」を指摘', [['「', 'N+1問題と同期ファンアウト']]],
    ['nested 「」', '「視聴者が「参加」するたびに更新」とある', [['「', '視聴者が「参加」するたびに更新']]],
    ['『』 and “”', '『二重括弧』 and “curly quotes”', [['『', '二重括弧'], ['“', 'curly quotes']]],
    ['a code span alone', 'the `cluster-require-full-coverage` setting', [['`', 'cluster-require-full-coverage']]],
    ['a code span inside a quote keeps its quotes', 'asks "is `result: "error"` with 200 OK valid?" here', [['"', 'is `result: "error"` with 200 OK valid?']]],
    ['double backticks', 'see ``a ` b`` there', [['`', 'a ` b']]],
    ['unclosed quote dropped', 'says "never closed', []],
    ['empty quotes dropped', 'an empty "" and 「 」', []],
  ])('%s', (_name, text, expected) => {
    expect(extractQuotes(text).map((q) => [q.delimiter, q.quote])).toEqual(expected);
  });

  it('numbers lines from 1', () => {
    expect(extractQuotes('no quote\r\nthen "one here"\n\n「二つ目」').map((q) => q.line)).toEqual([2, 4]);
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parseQuoteLines } from './parseQuoteLines.ts';

describe('parseQuoteLines', () => {
  it.each<[string, string, string[]]>([
    ['one quote', '{"quote": "a b c"}', ['a b c']],
    ['several, blank lines and CRLF skipped', '{"quote":"one"}\r\n\r\n  \n{"quote":"two","location":"x"}\n', ['one', 'two']],
    ['empty input', '', []],
    ['an empty quote is a quote', '{"quote": ""}', ['']],
    ['unicode', '{"quote": "「認証トークン」 → ログ"}', ['「認証トークン」 → ログ']],
  ])('%s', (_name, text, expected) => {
    expect(parseQuoteLines(text, 'q.jsonl')).toEqual(expected);
  });

  it.each<[string, string, string]>([
    ['not JSON', '{"quote": "ok"}\n{quote: bad}', 'q.jsonl:2: not valid JSON: expected one object {"quote": "..."} per line'],
    ['a string, not an object', '"just text"', 'q.jsonl:1: not a JSON object with a string "quote"'],
    ['an array', '[{"quote": "x"}]', 'q.jsonl:1: not a JSON object with a string "quote"'],
    ['no quote field', '{"text": "x"}', 'q.jsonl:1: not a JSON object with a string "quote"'],
    ['quote not a string', '\n\n{"quote": 3}', 'q.jsonl:3: not a JSON object with a string "quote"'],
    ['null', 'null', 'q.jsonl:1: not a JSON object with a string "quote"'],
  ])('%s → %s', (_name, text, message) => {
    const error = (() => {
      try {
        parseQuoteLines(text, 'q.jsonl');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toBe(message);
  });
});

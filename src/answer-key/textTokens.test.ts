import { describe, expect, it } from 'vitest';
import { textTokens } from './textTokens.ts';

describe('textTokens', () => {
  it.each([
    ['English words, lowercased, function words dropped', 'The runbook OF the Team', ['runbook', 'team']],
    ['plural and -ing/-ed endings cut', 'alerts alerting alerted policies', ['alert', 'policy']],
    ['a double s is not a plural', 'access class', ['access', 'class']],
    ['numbers and dotted versions stay', 'RPO of 1 hour, 99.9% uptime', ['rpo', '1', 'hour', '99.9', 'uptime']],
    ['CJK text as character bigrams', '冪等性', ['冪等', '等性']],
    ['bigrams of hiragana alone (している) dropped, mixed ones kept', 'キャッシュを指摘している', ['キャ', 'ャッ', 'ッシ', 'シュ', 'ュを', 'を指', '指摘', '摘し']],
    ['a single kanji between other scripts stays', 'DB 中 API', ['db', '中', 'api']],
    ['full-width ASCII folds to ASCII', 'ＲＥＳＴ　ＡＰＩ', ['rest', 'api']],
    ['mixed Japanese and identifiers', 'appointmentsテーブル', ['appointment', 'テー', 'ーブ', 'ブル']],
  ])('%s', (_case, text, expected) => expect([...textTokens(text)].sort()).toEqual([...expected].sort()));
});

import { describe, expect, it } from 'vitest';
import {
  applyEvidencePolicy,
  createQuoteIndex,
  normalizeForQuote,
  quoteWidth,
  verifyQuote,
  type EvidencePolicy,
} from './evidence.ts';
import type { Verdict } from './vote.ts';

const EN_REVIEW = `# Design review: payment service

## Findings

- **Cache key omits the model name**: the \`cache_key\` is built from the prompt only,
  so answers from one model are served for another.
- Retries are written by hand in \`client.ts\`; the SDK already has \`maxRetries\`.
- Callers invoke \`retry(...args)\` twice on failure.

> Note: timeouts are set to _30 s_ everywhere.

| Area | Risk |
|------|:----:|
| Auth | Tokens are logged in plain text |
`;

const JA_REVIEW = `## 指摘事項

1. **キャッシュキー**にモデル名が含まれていないため、別モデルの回答が返される。
2. 認証トークンが平文で
   ログに出力されている。
3. 全てのＡＰＩ呼び出しにタイムアウトがない。
- \`retry_count\` の上限が設定されていない
・リトライ間隔が固定
`;

describe('normalizeForQuote', () => {
  it.each([
    ['plain text', 'plain text'],
    ['  Mixed   CASE\n\ttext  ', 'mixed case text'],
    ['**bold** and __strong__ and *em* and _em_', 'bold and strong and em and em'],
    ['`code` and ~~gone~~', 'code and gone'],
    // `_` folds like `-` (issue 11: judges write `chat_rooms` as chat-rooms); it used to be deleted.
    ['snake_case_name', 'snake case name'],
    ['# Heading\n## Sub heading', 'heading sub heading'],
    ['> quoted\n>> nested\n>tight', 'quoted nested tight'],
    ['- one\n* two\n+ three\n• four', 'one two three four'],
    ['1. one\n2) two\n10. ten', 'one two ten'],
    ['- [ ] todo\n- [x] done', 'todo done'],
    ['| a | b |\n|---|:--:|\n| c | d |', 'a b c d'],
    ['see [the docs](https://x.test/a) now', 'see the docs now'],
    ['a - b + c', 'a b c'],
    // Punctuation folds on both sides (issue 11: the old check kept it and rejected faithful quotes); numbers keep theirs.
    ['C# and #123 and 1.5 stay', 'c and 123 and 1.5 stay'],
    ['ＡＰＩ　ｋｅｙ１２３', 'api key123'],
    ['キャッシュキーは\n  全ての呼び出しで使う。', 'キャッシュキーは全ての呼び出しで使う'],
    ['Redis を 使う', 'redisを使う'],
    ['・項目A\n・項目B', '項目a項目b'],
    ['ｶﾀｶﾅ', 'カタカナ'],
    ['…', ''],
    ['', ''],
    ['** __ `', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForQuote(input)).toBe(expected);
  });
});

describe('quoteWidth', () => {
  it.each([
    ['abcdefgh', 8],
    ['認証トー', 8],
    ['api呼び出し', 3 + 8],
    ['', 0],
  ])('%j → %i', (input, expected) => {
    expect(quoteWidth(input)).toBe(expected);
  });
});

describe('verifyQuote: English review', () => {
  it.each([
    ['exact', 'the SDK already has `maxRetries`', true],
    ['emphasis removed by the judge', 'Cache key omits the model name', true],
    ['emphasis added by the judge', '**the cache_key** is built', true],
    ['backticks removed by the judge', 'the cache_key is built from the prompt only', true],
    ['wrapped line joined', 'built from the prompt only, so answers from one model are served for another', true],
    ['extra whitespace and newlines', 'the   SDK\nalready\n\nhas maxRetries', true],
    ['case differs', 'CACHE KEY OMITS THE MODEL NAME', true],
    ['full-width letters', 'ｔｈｅ ＳＤＫ ａｌｒｅａｄｙ ｈａｓ', true],
    ['blockquote content', 'Note: timeouts are set to 30 s everywhere.', true],
    ['table row', 'Auth | Tokens are logged in plain text', true],
    ['table row without pipe', 'Auth Tokens are logged in plain text', true],
    ['across bullets, dash kept', 'served for another. - Retries are written by hand', true],
    ['across bullets, dash dropped', 'served for another. Retries are written by hand', true],
    ['literal ... in the review', 'Callers invoke retry(...args) twice', true],
    ['hallucinated', 'The service stores passwords with MD5', false],
    ['one word changed', 'the cache_key is built from the response only', false],
    ['one word inserted', 'Cache key omits the full model name', false],
    ['empty', '', false],
    ['whitespace only', '  \n ', false],
    ['formatting only', '** `` __', false],
    ['too short (7)', 'cache k', false],
    ['just long enough (8)', 'cache ke', true],
  ])('%s', (_name, quote, expected) => {
    expect(verifyQuote(quote, EN_REVIEW)).toBe(expected);
  });
});

describe('verifyQuote: Japanese review', () => {
  it.each([
    ['exact', '別モデルの回答が返される', true],
    ['emphasis removed by the judge', 'キャッシュキーにモデル名が含まれていない', true],
    ['line break inside a list item', '認証トークンが平文でログに出力されている', true],
    ['judge keeps the line break', '認証トークンが平文で\nログに出力されている', true],
    ['half-width quote, full-width review', '全てのAPI呼び出しにタイムアウトがない', true],
    ['full-width quote, half-width review', '｀ｒｅｔｒｙ＿ｃｏｕｎｔ｀ の上限', true],
    ['no space between Latin and kana', 'retry_countの上限が設定されていない', true],
    ['half-width katakana quote', 'ﾘﾄﾗｲ間隔が固定', true],
    ['hallucinated', 'データベースのインデックスが不足している', false],
    ['one word changed', '認証トークンが暗号化でログに出力されている', false],
    ['too short (3 chars)', '認証ト', false],
    ['just long enough (4 chars)', '認証トー', true],
  ])('%s', (_name, quote, expected) => {
    expect(verifyQuote(quote, JA_REVIEW)).toBe(expected);
  });
});

describe('verifyQuote: elided quotes', () => {
  it.each([
    ['three dots', EN_REVIEW, 'Cache key omits the model name ... served for another', true],
    ['unicode ellipsis, no spaces', EN_REVIEW, 'the cache_key is built…one model are served', true],
    ['bracketed', EN_REVIEW, 'Retries are written by hand [...] already has maxRetries', true],
    ['leading ellipsis', EN_REVIEW, '...answers from one model are served', true],
    ['tiny fragment found just before the next', EN_REVIEW, 'the ... SDK already has maxRetries', true],
    ['only tiny fragments', EN_REVIEW, 'the ... has', false],
    ['fragments out of order', EN_REVIEW, 'served for another ... Cache key omits', false],
    ['one fragment hallucinated', EN_REVIEW, 'Cache key omits the model name ... and the database is down', false],
    ['Japanese …', JA_REVIEW, 'キャッシュキーに…返される', true],
    ['Japanese ⋯', JA_REVIEW, '認証トークンが⋯出力されている', true],
    ['Japanese ・・・', JA_REVIEW, '全てのＡＰＩ・・・タイムアウトがない', true],
    ['Japanese, fragment hallucinated', JA_REVIEW, 'キャッシュキーに…暗号化されていない', false],
  ])('%s', (_name, review, quote, expected) => {
    expect(verifyQuote(quote, review)).toBe(expected);
  });
});

describe('createQuoteIndex', () => {
  it('answers like verifyQuote for several quotes against one review', () => {
    const index = createQuoteIndex(EN_REVIEW);
    const quotes = ['Cache key omits the model name', 'hallucinated sentence here', '…'];
    expect(quotes.map((q) => index.has(q))).toEqual(quotes.map((q) => verifyQuote(q, EN_REVIEW)));
  });
});

describe('applyEvidencePolicy', () => {
  const index = createQuoteIndex(EN_REVIEW);
  const REAL = { quote: 'Cache key omits the model name', location: 'Findings, bullet 1' };
  const FAKE = { quote: 'The service stores passwords with MD5', location: 'Findings' };

  it.each<[string, Verdict, (typeof REAL)[], EvidencePolicy, Verdict, boolean, boolean[]]>([
    ['○ with a real quote', '○', [REAL], 'require', '○', true, [true]],
    ['○ with only a fake quote', '○', [FAKE], 'require', '×', false, [false]],
    ['△ with no evidence', '△', [], 'require', '×', false, []],
    ['△ with a real and a fake quote', '△', [REAL, FAKE], 'require', '△', true, [true, false]],
    ['× with a fake quote', '×', [FAKE], 'require', '×', true, [false]],
    ['× with no evidence', '×', [], 'require', '×', true, []],
    ['○ with only a fake quote, ignored', '○', [FAKE], 'ignore', '○', false, [false]],
    ['△ with no evidence, ignored', '△', [], 'ignore', '△', false, []],
    ['○ with a real quote, ignored', '○', [REAL], 'ignore', '○', true, [true]],
  ])('%s', (_name, verdict, evidence, policy, effective, verified, flags) => {
    const result = applyEvidencePolicy({ verdict, evidence }, index, policy);
    expect(result.effectiveVerdict).toBe(effective);
    expect(result.verified).toBe(verified);
    expect(result.evidence.map((e) => e.verified)).toEqual(flags);
    expect(result.evidence.map((e) => e.location)).toEqual(evidence.map((e) => e.location));
  });
});

describe('QuoteIndex.locate', () => {
  const index = createQuoteIndex(EN_REVIEW);
  it.each<[string, string, string | null]>([
    ['exact (markup at the edges is not part of the match)', 'the SDK already has `maxRetries`', 'the SDK already has `maxRetries'],
    ['emphasis and backticks in the review', 'Cache key omits the model name: the cache_key is built', 'Cache key omits the model name**: the `cache_key` is built'],
    ['across a line break', 'prompt only, so answers', 'prompt only,\n  so answers'],
    ['trailing period not part of the passage', 'Tokens are logged in plain text.', 'Tokens are logged in plain text'],
    ['table row', 'Auth: Tokens are logged', 'Auth | Tokens are logged'],
    ['elided: first fragment start to last fragment end', 'Retries are written by hand ... already has maxRetries', 'Retries are written by hand in `client.ts`; the SDK already has `maxRetries'],
    ['not found', 'The service stores passwords with MD5', null],
  ])('%s', (_name, quote, passage) => {
    const span = index.locate(quote);
    expect(span && EN_REVIEW.slice(span.start, span.end)).toBe(passage);
  });

  it('gives UTF-16 offsets into the original text, Japanese and emoji included', () => {
    const review = '😀 絵文字の後: **認証トークン**が平文で\n  ログに出力されている。';
    const span = createQuoteIndex(review).locate('認証トークンが平文でログに出力されている');
    expect(span).not.toBeNull();
    expect(review.slice(span!.start, span!.end)).toBe('認証トークン**が平文で\n  ログに出力されている');
  });

  it('has(q) is locate(q) !== null', () => {
    const quotes = ['Cache key omits the model name', 'the ... has', 'served for another ... Cache key omits', 'cache ke', 'cache k', '', 'Auth Tokens are logged in plain text'];
    for (const q of quotes) expect(index.has(q), q).toBe(index.locate(q) !== null);
  });

  it('reads a quote that joins numbered items with their numbers', () => {
    const review = '1. Define timeouts per dependency.\n2. Add a dead letter queue.';
    const index = createQuoteIndex(review);
    expect(index.has('Define timeouts per dependency. 2. Add a dead letter queue')).toBe(true);
    expect(index.has('Define timeouts per dependency. Add a dead letter queue')).toBe(true);
    expect(index.has('Define timeouts per dependency. 3. Add a dead letter queue')).toBe(false);
  });
});

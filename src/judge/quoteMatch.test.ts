import { describe, expect, it } from 'vitest';
import { foldReview, matchQuote, MAX_FRAGMENT_GAP, splitElisions, type MatchFailure } from './quoteMatch.ts';

const REVIEW = `# Reliability review

## Issue 1: Missing idempotency for device commands (Critical)

Commands sent via \`Device Manager → MQTT Broker\` are retried on timeout, but no idempotency key
is defined, so a retried "unlock" command may execute twice.

- Duplicate command execution on the device
- Stale state between Redis and TimescaleDB

| Component | Failure mode | Mitigation |
|---|---|---|
| Payment Service | Stripe latency > 5s | None defined |

Retries use a fixed 30-second interval; the SDK does not back off.

${'Filler sentence about other findings that pads the distance. '.repeat(20)}

## Issue 2: No alerting on error budget burn

Alerts fire only on CPU usage above 90%, never on the error budget.

## 認証

1. 認証トークンが平文でログに出力されている。
2. レート制限が設定されていない。
`;

const review = foldReview(REVIEW);
const found = (quote: string) => matchQuote(review, quote).found;

describe('matchQuote: faithful rewrites are found', () => {
  it.each([
    ['verbatim', 'a retried "unlock" command may execute twice'],
    ['trailing period', 'Duplicate command execution on the device.'],
    ['wrapped in double quotes', '"Duplicate command execution on the device"'],
    ['wrapped in curly quotes', '“Stale state between Redis and TimescaleDB”'],
    ['wrapped in single quotes', "'Stale state between Redis and TimescaleDB'"],
    ['curly quotes inside', 'a retried “unlock” command may execute twice'],
    ['single quotes inside', "a retried 'unlock' command"],
    ['-> for →', 'Device Manager -> MQTT Broker are retried'],
    ['=> for →', 'Device Manager => MQTT Broker'],
    ['joined list items', 'Duplicate command execution on the device; Stale state between Redis'],
    ['joined list items, dash kept', 'on the device - Stale state between Redis'],
    ['table row with colons', 'Payment Service: Stripe latency > 5s: None defined'],
    ['table row with commas', 'Payment Service, Stripe latency > 5s, None defined'],
    ['heading joined to body', 'Issue 2: No alerting on error budget burn. Alerts fire only on CPU usage'],
    ['heading with a dash', 'No alerting on error budget burn - Alerts fire only'],
    ['backticks dropped', 'Commands sent via Device Manager → MQTT Broker'],
    ['hyphen as a space', 'a fixed 30 second interval'],
    ['em dash for a semicolon', 'a fixed 30-second interval — the SDK does not back off'],
    ['percent kept', 'CPU usage above 90%'],
    ['Japanese, 。 dropped', '認証トークンが平文でログに出力されている'],
    ['Japanese, wrapped in 「」', '「レート制限が設定されていない」'],
    ['Japanese, items joined', '認証トークンが平文でログに出力されている。レート制限が設定されていない'],
  ])('%s', (_name, quote) => {
    expect(found(quote)).toBe(true);
  });
});

describe('matchQuote: alterations are not found', () => {
  it.each([
    ['word swapped', 'a retried "lock" command may execute twice'],
    ['words swapped', 'a retried "unlock" command execute may twice'],
    ['negation inserted', 'the SDK does not not back off'],
    ['negation removed', 'Retries use a fixed 30-second interval; the SDK does back off'],
    ['never → always', 'Alerts fire only on CPU usage above 90%, always on the error budget'],
    ['number changed', 'a fixed 31-second interval'],
    ['percent changed', 'CPU usage above 80%'],
    ['comparison flipped', 'Stripe latency < 5s'],
    ['sign added', 'a fixed -30-second interval'],
    ['decimal point moved', 'CPU usage above 9.0%'],
    ['arrow reversed', 'Device Manager ← MQTT Broker'],
    ['text from elsewhere', 'The service stores passwords with MD5'],
    ['Japanese, word changed', '認証トークンが暗号化でログに出力されている'],
    ['Japanese, negation removed', 'レート制限が設定されている'],
  ])('%s', (_name, quote) => {
    expect(found(quote)).toBe(false);
  });
});

describe('matchQuote: elided quotes', () => {
  it.each<[string, string, boolean]>([
    ['two fragments of one finding', 'Commands sent via ... may execute twice', true],
    ['three fragments in order', 'Commands sent via … no idempotency key … execute twice', true],
    ['bracketed ellipsis', 'Retries use a fixed [...] does not back off', true],
    ['leading and trailing ellipses', '...no idempotency key is defined...', true],
    ['a short fragment right after the one before', 'a retried "unlock" command ... twice', true],
    ['a short fragment right before the next', 'so ... a retried "unlock" command', true],
    ['Japanese', '認証トークンが…出力されている', true],
    ['made-up short tail', 'Commands sent via ... is fine', false],
    ['made-up long tail', 'Commands sent via ... and the database has no backups', false],
    ['a short tail that only occurs far away', 'Commands sent via Device Manager ... budget', false],
    ['fragments of two findings far apart', 'Retries use a fixed 30-second interval ... Alerts fire only on CPU usage', false],
    ['fragments out of order', 'may execute twice ... Commands sent via', false],
    ['only short fragments', 'the ... is ... so', false],
  ])('%s', (_name, quote, expected) => {
    expect(found(quote)).toBe(expected);
  });

  it('finds far-apart fragments only within the gap it is given', () => {
    const quote = 'Retries use a fixed 30-second interval ... Alerts fire only on CPU usage';
    expect(matchQuote(review, quote, 10 * MAX_FRAGMENT_GAP).found).toBe(true);
    expect(matchQuote(review, quote).found).toBe(false);
  });

  it('counts the gap in width: CJK characters count 2', () => {
    // The gap is exactly the あ run between the fragments: MAX_FRAGMENT_GAP / 2 of them fit.
    const japanese = foldReview(`開始${'あ'.repeat(MAX_FRAGMENT_GAP / 2)}終了です。`);
    expect(matchQuote(japanese, '開始…終了です').found).toBe(true);
    const longer = foldReview(`開始${'あ'.repeat(MAX_FRAGMENT_GAP / 2 + 1)}終了です。`);
    expect(matchQuote(longer, '開始…終了です').found).toBe(false);
  });
});

describe('matchQuote: why a quote is not found', () => {
  it.each<[string, string, MatchFailure['kind'], Partial<MatchFailure>]>([
    ['empty', ' ** ', 'empty', {}],
    ['too short', 'key', 'too-short', { width: 3 }],
    ['missing', 'nothing like this in it', 'fragment-missing', { fragment: 1, fragments: 1 }],
    ['second fragment missing', 'Commands sent via ... made up words here', 'fragment-missing', { fragment: 2, fragments: 2 }],
    ['second fragment too far', 'Retries use a fixed 30-second interval ... Alerts fire only on CPU usage', 'fragment-too-far', { fragment: 2, fragments: 2 }],
  ])('%s', (_name, quote, kind, fields) => {
    const result = matchQuote(review, quote);
    expect(result.found).toBe(false);
    if (!result.found) expect(result.failure).toMatchObject({ kind, ...fields });
  });

  it('gives the nearest occurrence of a fragment that is too far', () => {
    const result = matchQuote(review, 'Retries use a fixed 30-second interval ... Alerts fire only on CPU usage');
    if (result.found || result.failure.kind !== 'fragment-too-far') throw new Error('expected fragment-too-far');
    expect(result.failure.nearest!.gap).toBeGreaterThan(MAX_FRAGMENT_GAP);
    expect(review.text.slice(result.failure.nearest!.span.from, result.failure.nearest!.span.to)).toBe('alerts fire only on cpu usage');
  });
});

describe('splitElisions', () => {
  it.each<[string, string[]]>([
    ['a ... b', ['a', 'b']],
    ['a…b⋯c‥d・・・e', ['a', 'b', 'c', 'd', 'e']],
    ['a [...] b (…) c', ['a', 'b', 'c']],
    ['...a...', ['a']],
    ['a . . . b', ['a', 'b']],
    ['no elision', ['no elision']],
  ])('%j', (quote, pieces) => {
    expect(splitElisions(quote)).toEqual(pieces);
  });
});

/**
 * Hand-written faithful quotes: two review excerpts written for this table (in the corpus's
 * style, not copied from it) and the quotes a judge could faithfully write of them, one row per
 * realistic rewrite — the punctuation kinds issue 11 measured (final period, curly or single
 * quotes, `->` for `→`, a quote wrapped in quotes, joined list items, a re-formatted table row, a
 * heading joined to its body) and more. Every row must verify. Pure data.
 */

/** An English review excerpt: numbered findings, bold labels, a table, arrows, code, a quote block. */
export const EN_EXCERPT = `# Reliability Design Review

## Critical Issues

### 1. Missing Idempotency for Device Commands (Critical)

**Problem**: Commands sent via \`Device Manager → MQTT Broker\` are retried on timeout, but the design
defines no idempotency key, so a retried "unlock" command may execute twice.

**Impact**:
- Duplicate command execution on the device
- Inconsistent device state between Redis and TimescaleDB

**Recommendation**: Attach an \`idempotency_key\` to every command and de-duplicate in the device agent.

### 2. No Circuit Breaker for Payment Provider

The payment flow (API Gateway -> Payment Service -> Stripe) has no circuit breaker; a slow provider
will exhaust the thread pool within minutes.

| Component | Failure Mode | Mitigation |
|-----------|--------------|------------|
| Payment Service | Stripe latency > 5s | None defined |
| Kinesis consumer | Poison message blocks the shard | No DLQ |

> Note: retries use a fixed 30-second interval, which amplifies load during an outage.

1. Define per-dependency timeouts (e.g. 2s for Stripe).
2. Add a dead letter queue for the Kinesis consumer.

See [the runbook template](https://example.test/runbook) for escalation steps.
`;

/** A Japanese review excerpt: numbered headings, 「」 quotes, full-width brackets, ・ bullets. */
export const JA_EXCERPT = `## 重大な問題

### 1.1 マイナンバーの平文保存（データ保護）

**問題**: 4.1節で「マイナンバーはデータベースに保存（暗号化なし）」と明記されている。
これは個人情報保護法の安全管理措置義務に違反する可能性が高い。

**推奨対策**:
- AES-256-GCMによる列レベル暗号化を実装
- 暗号化キーはAWS KMSで管理
・アクセスログで参照者を記録

| 項目 | 現状 | 推奨 |
|-----|------|------|
| JWT有効期限 | 24時間 | 15分＋リフレッシュトークン |

### 1.2 レート制限の欠如

ログインAPI → 認証サービスの経路にレート制限がなく、ブルートフォース攻撃を防げない。
`;

/** One hand-written row: which excerpt, what rewrite, the quote. */
export interface HandWrittenQuote {
  excerpt: 'en' | 'ja';
  rewrite: string;
  quote: string;
}

/** The table (≥ 50 rows); `handWrittenQuotes.test.ts` asserts every row verifies. */
export const HAND_WRITTEN_QUOTES: readonly HandWrittenQuote[] = [
  { excerpt: 'en', rewrite: 'verbatim', quote: 'a retried "unlock" command may execute twice' },
  { excerpt: 'en', rewrite: 'trailing period', quote: 'Duplicate command execution on the device.' },
  { excerpt: 'en', rewrite: 'curly double quotes', quote: 'a retried “unlock” command may execute twice' },
  { excerpt: 'en', rewrite: 'single quotes', quote: "a retried 'unlock' command may execute twice" },
  { excerpt: 'en', rewrite: 'quote wrapped in double quotes', quote: '"Inconsistent device state between Redis and TimescaleDB"' },
  { excerpt: 'en', rewrite: 'quote wrapped in curly quotes', quote: '“Inconsistent device state between Redis and TimescaleDB”' },
  { excerpt: 'en', rewrite: 'quote wrapped in single quotes', quote: "'Inconsistent device state between Redis and TimescaleDB'" },
  { excerpt: 'en', rewrite: 'quote wrapped in 「」', quote: '「Inconsistent device state between Redis and TimescaleDB」' },
  { excerpt: 'en', rewrite: '-> for →', quote: 'Commands sent via Device Manager -> MQTT Broker are retried on timeout' },
  { excerpt: 'en', rewrite: '→ for ->', quote: 'API Gateway → Payment Service → Stripe' },
  { excerpt: 'en', rewrite: '=> for ->', quote: 'API Gateway => Payment Service => Stripe' },
  { excerpt: 'en', rewrite: 'arrow without spaces', quote: 'API Gateway->Payment Service->Stripe' },
  { excerpt: 'en', rewrite: 'joined list items with a semicolon', quote: 'Duplicate command execution on the device; Inconsistent device state between Redis and TimescaleDB' },
  { excerpt: 'en', rewrite: 'joined list items with a comma', quote: 'Duplicate command execution on the device, inconsistent device state' },
  { excerpt: 'en', rewrite: 'joined list items keeping the dash', quote: 'Duplicate command execution on the device - Inconsistent device state' },
  { excerpt: 'en', rewrite: 'joined numbered items keeping the number', quote: 'Define per-dependency timeouts (e.g. 2s for Stripe). 2. Add a dead letter queue' },
  { excerpt: 'en', rewrite: 'joined numbered items without the number', quote: 'Define per-dependency timeouts (e.g. 2s for Stripe). Add a dead letter queue' },
  { excerpt: 'en', rewrite: 'table row with colon', quote: 'Payment Service: Stripe latency > 5s, None defined' },
  { excerpt: 'en', rewrite: 'table row with dashes', quote: 'Kinesis consumer - Poison message blocks the shard - No DLQ' },
  { excerpt: 'en', rewrite: 'table row with pipes', quote: '| Kinesis consumer | Poison message blocks the shard | No DLQ |' },
  { excerpt: 'en', rewrite: 'table row with slashes', quote: 'Payment Service / Stripe latency > 5s / None defined' },
  { excerpt: 'en', rewrite: 'heading joined to body with a colon', quote: '2. No Circuit Breaker for Payment Provider: The payment flow' },
  { excerpt: 'en', rewrite: 'heading joined to body with a dash', quote: 'No Circuit Breaker for Payment Provider - The payment flow (API Gateway' },
  { excerpt: 'en', rewrite: 'heading with its markers', quote: '### 1. Missing Idempotency for Device Commands (Critical)' },
  { excerpt: 'en', rewrite: 'heading without parentheses', quote: 'Missing Idempotency for Device Commands - Critical' },
  { excerpt: 'en', rewrite: 'bold label joined to text', quote: 'Problem: Commands sent via Device Manager → MQTT Broker' },
  { excerpt: 'en', rewrite: 'bold label kept', quote: '**Recommendation**: Attach an `idempotency_key` to every command' },
  { excerpt: 'en', rewrite: 'backticks removed', quote: 'Attach an idempotency_key to every command' },
  { excerpt: 'en', rewrite: 'underscore written as a space', quote: 'Attach an idempotency key to every command' },
  { excerpt: 'en', rewrite: 'em dash for the semicolon', quote: 'has no circuit breaker — a slow provider will exhaust the thread pool' },
  { excerpt: 'en', rewrite: 'wrapped line joined', quote: 'but the design defines no idempotency key, so a retried "unlock" command' },
  { excerpt: 'en', rewrite: 'line break kept', quote: 'but the design\ndefines no idempotency key' },
  { excerpt: 'en', rewrite: 'block quote with marker', quote: '> Note: retries use a fixed 30-second interval' },
  { excerpt: 'en', rewrite: 'block quote without marker', quote: 'Note: retries use a fixed 30-second interval, which amplifies load during an outage.' },
  { excerpt: 'en', rewrite: 'hyphen written as a space', quote: 'retries use a fixed 30 second interval' },
  { excerpt: 'en', rewrite: 'link text only', quote: 'See the runbook template for escalation steps' },
  { excerpt: 'en', rewrite: 'elided within a finding', quote: 'The payment flow ... has no circuit breaker' },
  { excerpt: 'en', rewrite: 'elided with a unicode ellipsis', quote: 'Commands sent via…are retried on timeout' },
  { excerpt: 'en', rewrite: 'elided with brackets', quote: 'a slow provider [...] within minutes' },
  { excerpt: 'en', rewrite: 'elided across lines of one finding', quote: 'Missing Idempotency for Device Commands ... may execute twice' },
  { excerpt: 'en', rewrite: 'short fragment just before the next', quote: 'the ... idempotency key, so a retried' },
  { excerpt: 'en', rewrite: 'upper case', quote: 'NO CIRCUIT BREAKER FOR PAYMENT PROVIDER' },
  { excerpt: 'en', rewrite: 'full-width letters', quote: 'Ｎｏ　Ｃｉｒｃｕｉｔ　Ｂｒｅａｋｅｒ' },
  { excerpt: 'en', rewrite: 'question mark added', quote: 'No Circuit Breaker for Payment Provider?' },
  { excerpt: 'ja', rewrite: 'verbatim', quote: 'これは個人情報保護法の安全管理措置義務に違反する可能性が高い' },
  { excerpt: 'ja', rewrite: 'trailing 。', quote: '暗号化キーはAWS KMSで管理。' },
  { excerpt: 'ja', rewrite: 'wrapped in 「」', quote: '「暗号化キーはAWS KMSで管理」' },
  { excerpt: 'ja', rewrite: 'inner 「」 dropped', quote: '4.1節でマイナンバーはデータベースに保存（暗号化なし）と明記されている' },
  { excerpt: 'ja', rewrite: 'inner 「」 as 『』', quote: '4.1節で『マイナンバーはデータベースに保存（暗号化なし）』と明記' },
  { excerpt: 'ja', rewrite: 'half-width brackets', quote: 'マイナンバーの平文保存(データ保護)' },
  { excerpt: 'ja', rewrite: 'brackets dropped', quote: 'マイナンバーの平文保存 データ保護' },
  { excerpt: 'ja', rewrite: 'wrapped line joined', quote: '明記されている。これは個人情報保護法の' },
  { excerpt: 'ja', rewrite: 'list items joined with 、', quote: 'AES-256-GCMによる列レベル暗号化を実装、暗号化キーはAWS KMSで管理' },
  { excerpt: 'ja', rewrite: 'list items joined with ・', quote: '暗号化キーはAWS KMSで管理・アクセスログで参照者を記録' },
  { excerpt: 'ja', rewrite: 'table row with colon', quote: 'JWT有効期限: 24時間、15分＋リフレッシュトークン' },
  { excerpt: 'ja', rewrite: 'table row with pipes', quote: 'JWT有効期限 | 24時間 | 15分+リフレッシュトークン' },
  { excerpt: 'ja', rewrite: 'heading joined to body', quote: 'レート制限の欠如: ログインAPI → 認証サービスの経路にレート制限がなく' },
  { excerpt: 'ja', rewrite: '-> for →', quote: 'ログインAPI->認証サービスの経路にレート制限がなく' },
  { excerpt: 'ja', rewrite: 'elided with …', quote: 'ログインAPI…ブルートフォース攻撃を防げない' },
  { excerpt: 'ja', rewrite: 'elided with ・・・', quote: '4.1節で・・・明記されている' },
  { excerpt: 'ja', rewrite: 'space between Latin and kana', quote: 'AWS KMS で管理' },
  { excerpt: 'ja', rewrite: 'bold label joined', quote: '問題: 4.1節で「マイナンバーはデータベースに保存' },
];

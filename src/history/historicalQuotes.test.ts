import { describe, expect, it } from 'vitest';
import { historicalQuotes } from './historicalQuotes.ts';

const RUN1 = '## Issue 1: Missing idempotency\n\n- Commands are retried on timeout.\n';
const RUN2 = '## C1: No transaction boundaries\n\nSensor data (MQTT → Kinesis) has no consistency guarantees.\n';
const SCORING = [
  '| P01 | ○ | Issue 1 "Missing idempotency" and "Commands are retried on timeout." |',
  '| P02 | ○ | C1 states "Sensor data (MQTT -> Kinesis) has no consistency guarantees" |',
  '| P03 | × | the key asks for 「冪等性キーの設計が必要」 and "a circuit breaker per dependency" |',
  '| P04 | × | short "key" and again "Missing idempotency" |',
].join('\n');

describe('historicalQuotes', () => {
  const result = historicalQuotes('s.md', SCORING, [{ key: 'run1.md', text: RUN1 }, { key: 'run2.md', text: RUN2 }]);

  it('pairs faithful quotes with the run that holds them', () => {
    expect(result.faithful.map((q) => [q.review, q.quote, q.source])).toEqual([
      ['run1.md', 'Missing idempotency', 's.md:1'],
      ['run1.md', 'Commands are retried on timeout.', 's.md:1'],
      ['run2.md', 'Sensor data (MQTT -> Kinesis) has no consistency guarantees', 's.md:2'],
    ]);
  });

  it('classes quotes in no run as not in review, keeps each (run, quote) once and counts short ones', () => {
    expect(result.notInReview.map((q) => q.quote)).toEqual(['冪等性キーの設計が必要', 'a circuit breaker per dependency']);
    expect(result.tooShort).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import type { AnswerKey, Problem } from '../types/AnswerKey.ts';
import { problemParts, restatedBonuses } from './restatedBonuses.ts';

const problem = (id: string, title: string, description: string, detected: string): Problem => ({
  id,
  title,
  category: 'c',
  severity: { raw: 'Major', level: 'major' },
  location: null,
  description,
  criteria: { detected, partial: 'p', undetected: 'u' },
});
const key = (problems: Problem[], bonuses: Array<[string, string, string]>): AnswerKey => ({
  title: 'k',
  round: 1,
  perspective: null,
  target: null,
  declaredProblemCount: null,
  problems,
  bonuses: bonuses.map(([id, description, condition]) => ({ id, category: 'c', description, condition })),
  warnings: [],
});

// Filler problems give the rarity weights something to compare with, as a real key's nine or ten do.
const FILLER = [
  problem('P02', 'Payment gateway lacks retries', 'Calls to the payment gateway have no timeout.', 'Points out the missing timeout or retry for payment gateway calls'),
  problem('P03', 'Orders endpoint is not idempotent', 'POST /orders has no idempotency key.', 'Identifies missing idempotency keys for POST /orders'),
  problem('P04', 'Redis split-brain', 'Redis Sentinel failover can elect two primaries.', 'Points out Redis split-brain or cluster-require-full-coverage'),
];
const ALERTS = problem('P01', 'HPA without SLO-based alerts', 'No SLO definitions.\nNo escalation policy or on-call runbook for alert response.', 'Points out missing SLO-based alert rules; OR notes missing alerting escalation policy or runbook');

describe('problemParts', () => {
  it('splits the description into sentences and items and the ○ criterion into its branches', () => {
    expect(problemParts(ALERTS)).toEqual([
      { part: 'title', text: 'HPA without SLO-based alerts' },
      { part: 'description', text: 'No SLO definitions.' },
      { part: 'description', text: 'No escalation policy or on-call runbook for alert response.' },
      { part: '○ criterion branch 1', text: 'Points out missing SLO-based alert rules' },
      { part: '○ criterion branch 2', text: 'notes missing alerting escalation policy or runbook' },
    ]);
  });

  it('splits Japanese branches at 、または but not a または joining two nouns', () => {
    const p = problem('P01', 't', 'd', 'キャッシュ戦略の欠如を指摘している、または既存パターンが設計書に明記されていない点を指摘している');
    expect(problemParts(p).filter((x) => x.part.startsWith('○')).map((x) => x.part)).toEqual(['○ criterion branch 1', '○ criterion branch 2']);
    const nouns = problem('P01', 't', 'd', 'appointmentsテーブルまたは主要な検索対象テーブルのインデックス欠如を指摘している');
    expect(problemParts(nouns).filter((x) => x.part.startsWith('○')).map((x) => x.part)).toEqual(['○ criterion']);
  });
});

describe('restatedBonuses', () => {
  it.each<[string, Problem[], Array<[string, string, string]>, Array<{ bonus: string; problem: string }>]>([
    ['a bonus restating a ○ branch and a description item (English)', [ALERTS, ...FILLER], [['B01', 'No incident response runbook or escalation policy defined', 'Points out missing operational runbook or on-call procedures']], [{ bonus: 'B01', problem: 'P01' }]],
    ['an unrelated bonus', [ALERTS, ...FILLER], [['B01', 'Prometheus has no HA configuration', 'Identifies Prometheus as a single point of failure (Thanos, Cortex)']], []],
    ['one shared word is not enough', [ALERTS, ...FILLER], [['B01', 'Kinesis runbook', 'shard keys']], []],
    [
      'a bonus restating a problem (Japanese, bigrams)',
      [
        problem('P01', 'センサーデータのキャッシュ戦略欠如', '各センサーの最新値に対するキャッシュ戦略が未定義。', 'センサー最新値のキャッシュ欠如を指摘している'),
        problem('P02', '認証トークンの保存先', 'JWTの保存先が未定義。', 'JWTの保存先の欠如を指摘している'),
        problem('P03', 'ログ形式の不一致', 'ログ形式が既存と異なる。', 'ログ形式の不一致を指摘している'),
        problem('P04', '外部キー命名規約の混在', '外部キー列名が混在。', '外部キー列名の混在を指摘している'),
      ],
      [['B01', 'センサー最新値のキャッシュ戦略の欠如', 'センサー最新値のキャッシュ提案'], ['B02', 'パスワードリセット機能の設計が欠如', 'パスワードリセット機能の欠如を指摘']],
      [{ bonus: 'B01', problem: 'P01' }],
    ],
    [
      "the key's template wording alone (in most problems) is not a restatement",
      [
        problem('P01', 'ログ形式の情報欠落', 'ログ形式が設計書に明記されていない。', 'ログ形式について既存パターンが設計書に明記されていない点を指摘している'),
        problem('P02', 'API命名規則の情報欠落', 'API命名規則が設計書に明記されていない。', 'API命名規則について既存パターンが設計書に明記されていない点を指摘している'),
        problem('P03', 'エラー処理の情報欠落', 'エラー処理が設計書に明記されていない。', 'エラー処理について既存パターンが設計書に明記されていない点を指摘している'),
      ],
      [['B01', '非同期処理パターンの方針が設計書に明記されていない', '既存パターンが設計書に明記されていない点を指摘']],
      [],
    ],
  ])('%s', (_case, problems, bonuses, expected) => {
    expect(restatedBonuses(key(problems, bonuses)).map(({ bonus, problem }) => ({ bonus, problem }))).toEqual(expected);
  });

  it('reports the score and the part, and takes a threshold', () => {
    const k = key([ALERTS, ...FILLER], [['B01', 'No incident response runbook or escalation policy defined', 'Points out missing operational runbook or on-call procedures']]);
    const [hit] = restatedBonuses(k);
    expect(hit!.score).toBeGreaterThanOrEqual(0.7);
    expect(hit!.score).toBeLessThanOrEqual(1);
    expect(hit!.part).toMatch(/^(description|○ criterion branch 2)$/);
    expect(restatedBonuses(k, 1.01)).toEqual([]);
  });
});

/** Test builders: compact UnitVerdict / AuditVerdict values for the scoring tests (not used by the CLI). */
import type { AnswerKey } from '../types/AnswerKey.ts';
import type { AuditItem, AuditVerdict, ReviewRef, UnitVerdict, VoteRecord } from '../types/Verdicts.ts';

type Symbol = '○' | '△' | '×';

/** The review reference of (prompt, run). */
export function ref(prompt: string, run: number): ReviewRef {
  return { prompt, run, path: `results/v001-${prompt}-run${run}.md`, sha256: '0'.repeat(64) };
}

/**
 * A detection unit. `votes` spells the votes, one character each (`?` = a failed vote); by default
 * one vote equal to the verdict. Agreement = share of valid votes equal to the verdict.
 */
export function unit(prompt: string, run: number, id: string, verdict: Symbol | 'unscored', votes?: string): UnitVerdict {
  const spelled = [...(votes ?? (verdict === 'unscored' ? '?' : verdict))];
  const records: VoteRecord[] = spelled.map((c, i) =>
    c === '?'
      ? { judge: 'fake:judge', voteIndex: i, verdict: 'unscored', modelVerdict: null, verified: false, reason: 'timeout: no answer' }
      : { judge: 'fake:judge', voteIndex: i, verdict: c as Symbol, modelVerdict: c as Symbol, verified: true, reason: `says ${c}` },
  );
  const valid = records.filter((v) => v.verdict !== 'unscored');
  const agreement = verdict === 'unscored' || valid.length === 0 ? 0 : valid.filter((v) => v.verdict === verdict).length / valid.length;
  return {
    review: ref(prompt, run),
    unit: id,
    verdict,
    agreement,
    votes: records,
    evidence: [],
    unverified: 0,
    ...(verdict === 'unscored' ? { reason: 'only 0 of 1 votes valid' } : {}),
  };
}

/** Units of one run from a verdict string, P01 first: `unitsOf('baseline', 1, '○○△×')`. */
export function unitsOf(prompt: string, run: number, verdicts: string): UnitVerdict[] {
  return [...verdicts].map((c, i) => unit(prompt, run, `P${String(i + 1).padStart(2, '0')}`, c === '?' ? 'unscored' : (c as Symbol)));
}

/** An audit item (bonus with an id, or null for an unlisted bonus / a penalty). */
export function item(id: string | null, n = 0): AuditItem {
  return { id, location: `§${n}`, quote: `quote ${id ?? 'x'} ${n}`, verified: true, reason: `reason ${n}`, votes: 1, of: 1 };
}

/** A scored audit with the given bonus ids (null = unlisted) and penalty count; `status: 'unscored'` empties both. */
export function audit(prompt: string, run: number, bonusIds: (string | null)[], penalties: number, status: 'scored' | 'unscored' = 'scored'): AuditVerdict {
  const scored = status === 'scored';
  return {
    review: ref(prompt, run),
    unit: 'audit',
    status,
    ...(scored ? {} : { reason: 'only 0 of 1 audit votes valid' }),
    bonuses: scored ? bonusIds.map((id, i) => item(id, i)) : [],
    penalties: scored ? Array.from({ length: penalties }, (_, i) => item(null, 100 + i)) : [],
    findings: [],
    votes: [{ judge: 'fake:judge', voteIndex: 0, status: scored ? 'ok' : 'unscored', reason: scored ? 'ok' : 'timeout' }],
  };
}

/** A key with the given problem ids (severity critical for P01, unknown label for the rest). */
export function keyOf(...ids: string[]): AnswerKey {
  return {
    title: 'Answer Key',
    round: 1,
    perspective: null,
    target: null,
    declaredProblemCount: ids.length,
    problems: ids.map((id, i) => ({
      id,
      title: `problem ${id}`,
      category: 'c',
      severity: i === 0 ? { raw: '重大', level: 'critical' as const } : { raw: '??', level: null },
      location: null,
      description: 'd',
      criteria: { detected: 'a', partial: 'b', undetected: 'c' },
    })),
    bonuses: [],
    warnings: [],
  };
}

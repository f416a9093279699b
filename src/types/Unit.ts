import type { Problem } from './AnswerKey.ts';
import type { Review } from './Review.ts';

/** The unit id the bonus/penalty audit has in votes.jsonl, verdicts.json and manifests (a file-format contract). */
export const AUDIT_UNIT_ID = 'audit';

/** One planted problem of one review: judged ○/△/× against the key's criteria. */
export interface DetectionUnit {
  kind: 'detection';
  review: Review;
  problem: Problem;
}

/** One review's bonus/penalty audit: every finding classified against the key. */
export interface AuditUnit {
  kind: 'audit';
  review: Review;
}

/** A judging unit; everything that differs by kind switches on `kind`, never on the id string. */
export type Unit = DetectionUnit | AuditUnit;

/** The id a unit has in files and messages: `P03`, or `audit`. */
export function unitId(unit: Unit): string {
  return unit.kind === 'audit' ? AUDIT_UNIT_ID : unit.problem.id;
}

/** Whether a recorded unit id is the audit's. */
export function isAuditId(id: string): boolean {
  return id === AUDIT_UNIT_ID;
}

/** `baseline run1 P03`: how units are named in messages. */
export function unitName(review: Pick<Review, 'prompt' | 'run'>, id: string): string {
  return `${review.prompt} run${review.run} ${id}`;
}

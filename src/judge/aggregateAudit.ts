import type { AnswerKey } from '../types/AnswerKey.ts';
import type { AuditFinding, AuditItem, AuditVerdict, ReviewRef } from '../types/Verdicts.ts';
import type { AuditOutput } from './audit.ts';
import type { CollectedVote } from '../types/Vote.ts';
import { normalizeForQuote } from './evidence.ts';
import { auditClusters } from './auditClusters.ts';
import type { ReviewIndex } from './reviewIndex.ts';
import { majorityThreshold } from './vote.ts';
import { AUDIT_UNIT_ID } from '../types/Unit.ts';

type Class = AuditFinding['classification'];
type Listed = AuditOutput['findings'][number];

/**
 * Pure: votes → the review's bonuses and penalties. A finding's class needs a strict majority of the
 * valid votes (a vote that did not list it counts as neutral), so a penalty is only given when most
 * votes agree ("when in doubt, no penalty"); a bonus or penalty also needs a quote found in the review.
 * Ids are checked against the key: an unknown Pxx is not a match, an unknown Bxx is an unlisted bonus.
 */
export function aggregateAudit(review: ReviewRef, collected: CollectedVote<AuditOutput>[], totalVotes: number, key: AnswerKey, index: ReviewIndex): AuditVerdict {
  const problemIds = new Set(key.problems.map((p) => p.id));
  const bonusIds = new Set(key.bonuses.map((b) => b.id));
  const votes = collected.map((c) =>
    c.status === 'ok'
      ? { judge: c.judge, voteIndex: c.voteIndex, status: 'ok' as const, reason: `${c.output.findings.length} findings`, ...(c.servedModel ? { servedModel: c.servedModel } : {}) }
      : { judge: c.judge, voteIndex: c.voteIndex, status: 'unscored' as const, reason: `${c.kind}: ${c.reason}` },
  );
  const valid = collected.flatMap((c) => (c.status === 'ok' ? [c.output] : []));
  if (valid.length < majorityThreshold(totalVotes)) {
    const why = votes.find((v) => v.status === 'unscored')?.reason;
    return { review, unit: AUDIT_UNIT_ID, status: 'unscored', reason: `only ${valid.length} of ${totalVotes} audit votes valid${why ? ` (${why})` : ''}`, bonuses: [], penalties: [], findings: [], votes };
  }
  // Votes are merged per finding by where the quote sits in the review, not by the location text.
  const clusters = auditClusters(valid, index);
  const need = Math.floor(valid.length / 2) + 1;
  const findings: AuditFinding[] = [];
  const bonuses: AuditItem[] = [];
  const penalties: AuditItem[] = [];
  const seenBonus = new Set<string>();
  for (const cluster of clusters) {
    const mentions = cluster.map((m) => m.finding);
    const classOf = (f: Listed): Class => (f.classification === 'matches' && !f.matches.some((id) => problemIds.has(id)) ? 'neutral' : f.classification);
    const split = { matches: 0, bonus: 0, penalty: 0, neutral: valid.length - mentions.length };
    for (const f of mentions) split[classOf(f)]++;
    const placed = cluster.find((m) => m.span !== null);
    const quoted = placed?.finding ?? mentions[0]!;
    const span = placed?.span ?? null;
    const verified = span !== null;
    let classification: Class = (['penalty', 'bonus', 'matches'] as const).find((c) => split[c] >= need) ?? 'neutral';
    if ((classification === 'bonus' || classification === 'penalty') && !verified) classification = 'neutral';
    const matches = [...new Set(mentions.flatMap((f) => f.matches.filter((id) => problemIds.has(id))))].sort();
    findings.push({ location: quoted.location, quote: quoted.quote, verified, classification, matches, split, ...(span ? { span } : {}) });
    const reasonOf = (c: Class) => mentions.find((f) => classOf(f) === c)?.reasoning ?? '';
    if (classification === 'bonus') {
      const ids = mentions.filter((f) => f.classification === 'bonus').map((f) => f.bonus_id).filter((id): id is string => id !== null && bonusIds.has(id));
      const id = mostCommon(ids);
      const dedupe = id ?? `q:${normalizeForQuote(quoted.quote)}`;
      if (seenBonus.has(dedupe)) continue;
      seenBonus.add(dedupe);
      bonuses.push({ id, location: quoted.location, quote: quoted.quote, verified, reason: reasonOf('bonus'), votes: split.bonus, of: valid.length, ...(span ? { span } : {}) });
    } else if (classification === 'penalty') {
      penalties.push({ id: null, location: quoted.location, quote: quoted.quote, verified, reason: reasonOf('penalty'), votes: split.penalty, of: valid.length, ...(span ? { span } : {}) });
    }
  }
  return { review, unit: AUDIT_UNIT_ID, status: 'scored', bonuses, penalties, findings, votes };
}

/** The most frequent value (first seen wins a tie), or null. */
function mostCommon(xs: string[]): string | null {
  const counts = new Map<string, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best: string | null = null;
  for (const [x, n] of counts) if (best === null || n > counts.get(best)!) best = x;
  return best;
}

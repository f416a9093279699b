import type { ReviewRef, UnitVerdict, VoteRecord, EvidenceRecord } from '../types/Verdicts.ts';
import type { CollectedVote } from '../types/Vote.ts';
import { VERDICT_SYMBOL, type DetectionOutput } from './detection.ts';
import { applyEvidencePolicy, type EvidencePolicy, type QuoteIndex } from './evidence.ts';
import { tallyUnit, type Vote } from './vote.ts';

/** Pure: the verdict of one detection unit from its collected votes, k counted over the whole panel. */
export function aggregateUnit(
  review: ReviewRef,
  unit: string,
  collected: CollectedVote<DetectionOutput>[],
  totalVotes: number,
  index: QuoteIndex,
  policy: EvidencePolicy,
): UnitVerdict {
  const votes: VoteRecord[] = [];
  const tallied: Vote[] = [];
  const evidenceByVote: EvidenceRecord[][] = [];
  let unverified = 0;
  for (const c of collected) {
    if (c.status === 'failed') {
      votes.push({ judge: c.judge, voteIndex: c.voteIndex, verdict: 'unscored', modelVerdict: null, verified: false, reason: `${c.kind}: ${c.reason}` });
      tallied.push({ unscored: true });
      evidenceByVote.push([]);
      continue;
    }
    const modelVerdict = VERDICT_SYMBOL[c.output.verdict];
    const check = applyEvidencePolicy({ verdict: modelVerdict, evidence: c.output.evidence }, index, policy);
    if (!check.verified) unverified++;
    const evidence = check.evidence.map((e) => {
      const span = e.verified ? index.locate(e.quote) : null;
      return { quote: e.quote, location: e.location, verified: e.verified, ...(span ? { span } : {}) };
    });
    votes.push({ judge: c.judge, voteIndex: c.voteIndex, verdict: check.effectiveVerdict, modelVerdict, verified: check.verified, reason: c.output.reasoning, ...(c.servedModel ? { servedModel: c.servedModel } : {}), ...(c.fingerprint ? { fingerprint: c.fingerprint } : {}), evidence });
    tallied.push({ verdict: check.effectiveVerdict });
    evidenceByVote.push(evidence);
  }
  const tally = tallyUnit(tallied, totalVotes);
  if (tally.status === 'unscored') {
    // Say why the votes failed, not only how many: "only 0 of 3 votes valid (timeout: …)".
    const why = votes.find((v) => v.verdict === 'unscored')?.reason;
    return { review, unit, verdict: 'unscored', agreement: 0, votes, evidence: dedupe(evidenceByVote.flat()), unverified, reason: why ? `${tally.reason} (${why})` : tally.reason };
  }
  // Quotes of votes the evidence check overruled (○ turned ×) are not evidence for the final ×.
  const agreeing = evidenceByVote.filter((_, i) => votes[i]!.verdict === tally.verdict && votes[i]!.modelVerdict === tally.verdict).flat();
  return { review, unit, verdict: tally.verdict, agreement: tally.agreement, votes, evidence: dedupe(agreeing), unverified };
}

/** Same quote cited by several votes is one piece of evidence. */
function dedupe(evidence: EvidenceRecord[]): EvidenceRecord[] {
  const seen = new Set<string>();
  return evidence.filter((e) => (seen.has(e.quote) ? false : (seen.add(e.quote), true)));
}

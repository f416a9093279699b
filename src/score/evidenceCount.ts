import type { EvidenceCount } from '../types/Report.ts';
import type { UnitVerdict } from '../types/Verdicts.ts';
import { exact } from './numbers.ts';

/** The default `--max-demoted-share`: a judge that quotes faithfully loses far fewer than a quarter of its ○/△ votes. */
export const DEFAULT_MAX_DEMOTED_SHARE = 0.25;

/** The share demoted / votes, 0 when the judge gave no ○/△ vote. */
function withShare(votes: number, demoted: number): EvidenceCount {
  return { votes, demoted, demotedShare: votes === 0 ? 0 : exact(demoted / votes) };
}

/**
 * Pure: the ○/△ votes the judge gave in these units and how many the evidence check turned into ×.
 * Failed votes have no model verdict and count nowhere; a vote of an unscored unit still counts
 * (its quote was checked all the same).
 */
export function evidenceCount(units: readonly UnitVerdict[]): EvidenceCount {
  let votes = 0;
  let demoted = 0;
  for (const u of units) {
    for (const v of u.votes) {
      if (v.modelVerdict !== '○' && v.modelVerdict !== '△') continue;
      votes++;
      if (v.verdict === '×') demoted++;
    }
  }
  return withShare(votes, demoted);
}

/** Pure: several counts summed (a prompt's runs, a report's prompts). */
export function sumEvidence(counts: readonly EvidenceCount[]): EvidenceCount {
  return withShare(
    counts.reduce((n, c) => n + c.votes, 0),
    counts.reduce((n, c) => n + c.demoted, 0),
  );
}

/** The fake judge of the corpus round tests: it answers reliability round 6 with the historical verdicts of labels.tsv. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { judgeScript, WORD } from './fakeJudge.ts';

/** Historical verdicts of round 6 keyed by `<first 200 chars of review>|P03`. */
export function historicalBrain(corpus: string) {
  const rows = readFileSync(path.join(corpus, 'labels.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const byReview = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (r[0] !== 'reliability-design' || r[1] !== '006') continue;
    const text = readFileSync(path.join(corpus, r[10]!), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    const k = text.slice(0, 200);
    byReview.set(k, (byReview.get(k) ?? new Map()).set(r[4]!, r[5]!));
  }
  return {
    size: rows.filter((r) => r[0] === 'reliability-design' && r[1] === '006').length,
    script: judgeScript((view) => WORD[byReview.get(view.review.slice(0, 200))!.get(view.problemId)!]!),
    expected: byReview,
  };
}

/**
 * Bonus rows that restate a planted problem. A review finding such a bonus also detects the problem,
 * and the rubric gives no bonus for what the key already plants: the audit then sees the same point
 * as a "match" and as a bonus candidate, and the key's author should drop or narrow the row.
 */
import type { AnswerKey, Problem } from '../types/AnswerKey.ts';
import { textTokens } from './textTokens.ts';

/**
 * Score at or above which a bonus row is reported as restating a problem. On the 55 corpus keys
 * (BENCHMARKS.md, 2026-12-01) it reports 16 pairs; read one by one, 9 restate the problem, 3 are
 * borderline and 4 only share a component's name with its title. 0.8 would miss reliability round 6's
 * B01 ↔ P06 (0.79); 0.6 reports 24 pairs with 9 false.
 */
export const RESTATED_THRESHOLD = 0.7;

/** Fewer shared (weighted) tokens than this never count: two short texts sharing a word or two are not a restatement. */
const MIN_SHARED = 3;

/** A bonus row that restates a problem: ids, the score (0..1) and the part of the problem it restates. */
export interface RestatedBonus {
  bonus: string;
  problem: string;
  score: number;
  /** The part restated: a `○ criterion` branch when one reaches the threshold, else the best of `title` and `description`. */
  part: string;
}

/** The parts of a problem a bonus may restate: its title, each sentence or item of its description, each branch of its ○ criterion. */
export function problemParts(p: Problem): Array<{ part: string; text: string }> {
  const sentences = p.description.split(/\n+|。|(?<=[.!?])\s+/).filter((s) => s.trim());
  // Branches of a disjunctive criterion: "...; OR identifies ...", 「…、または…」. A lowercase "or" joins nouns.
  const branches = p.criteria.detected.split(/\s*(?:;\s*(?:OR\b)?|；|\bOR\b|、または|、もしくは)\s*/).filter((s) => s.trim());
  return [
    { part: 'title', text: p.title },
    ...sentences.map((text) => ({ part: 'description', text })),
    ...branches.map((text, i) => ({ part: branches.length > 1 ? `○ criterion branch ${i + 1}` : '○ criterion', text })),
  ];
}

/**
 * Pure: every (bonus, problem) pair whose texts overlap at or above `threshold`. The bonus's description
 * and condition are compared with each part of the problem (title, description sentences, ○ branches);
 * the score is the best part's weighted overlap coefficient: shared weight over the smaller side's
 * weight (a bonus that contains a whole ○ branch restates it, and so does one the problem's text covers).
 * Tokens are weighted by their rarity across the key's problems, so the words every problem uses
 * ("missing", "points out", 欠如, 指摘) count for nothing and a shared "runbook" for much.
 * Works on English and Japanese keys alike (CJK text is compared by character bigrams).
 */
export function restatedBonuses(key: AnswerKey, threshold = RESTATED_THRESHOLD): RestatedBonus[] {
  const problems = key.problems.map((p) => ({ id: p.id, parts: problemParts(p).map((x) => ({ ...x, tokens: textTokens(x.text) })) }));
  const bonuses = key.bonuses.map((b) => ({ id: b.id, tokens: textTokens(`${b.description}\n${b.condition}`) }));
  const docs = problems.map((p) => new Set(p.parts.flatMap((x) => [...x.tokens])));
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d) df.set(t, (df.get(t) ?? 0) + 1);
  // Rarity across the problems (ln of problems / problems using it). A token in more than a third of
  // them is the key's template wording (「設計書に明記されていない」, "points out the lack of") and weighs
  // nothing: consistency keys repeat such a ○ branch in most problems and in their bonus rows.
  const weight = (t: string) => ((df.get(t) ?? 0) * 3 > docs.length ? 0 : Math.log(docs.length / (df.get(t) ?? 1)));
  const sum = (ts: Iterable<string>) => [...ts].reduce((a, t) => a + weight(t), 0);
  const out: RestatedBonus[] = [];
  for (const b of bonuses) {
    const bw = sum(b.tokens);
    for (const p of problems) {
      let best: { score: number; part: string } | null = null;
      // The ○ criterion decides what is a match: name a branch it restates when one reaches the threshold.
      let criterion: string | null = null;
      for (const x of p.parts) {
        const shared = [...x.tokens].filter((t) => b.tokens.has(t) && weight(t) > 0);
        // Tokens of the key's template wording weigh nothing and do not count towards MIN_SHARED.
        if (shared.length < MIN_SHARED) continue;
        const denominator = Math.min(bw, sum(x.tokens));
        const score = denominator > 0 ? sum(shared) / denominator : 0;
        if (!best || score > best.score) best = { score, part: x.part };
        if (criterion === null && score >= threshold && x.part.startsWith('○')) criterion = x.part;
      }
      if (best && criterion) best.part = criterion;
      if (best && best.score >= threshold) out.push({ bonus: b.id, problem: p.id, score: Math.round(best.score * 100) / 100, part: best.part });
    }
  }
  return out;
}

/**
 * Billed input per prompt ÷ the incumbent's single read, interactive and batch, for both providers,
 * from the corpus request bodies: every corpus round is planned exactly as `score` plans it (the
 * bundled templates render each unit's prompt: instructions, fenced review, unit task) and each
 * request's input is priced in "full-price input tokens" under each provider's prompt-cache and
 * batch rules. The incumbent (the LLM agent review-judge replaces) read, per prompt variant, the
 * answer key, the perspective and that prompt's reviews once.
 *
 * Rules (tokens: `estimateTokens`, the product's own estimator; a review's detection calls share
 * the prefix instructions + review, the audit has its own instructions and so its own prefix):
 * - OpenAI, `n` = 3: one request per unit; a review's first detection request pays its prefix in
 *   full, the others read it from the cache at the cached-input rate (prefixes ≥ 1,024 tokens;
 *   https://platform.openai.com/docs/guides/prompt-caching); the audit is one request, full price.
 * - Anthropic, no `n`: three calls per unit (k = 3; early stopping makes it two when the first two
 *   agree); the first call of each prefix writes the cache (1.25× input), every later one reads
 *   it (0.1×) — or, when the batch runs calls before the cache is written, writes it again (the
 *   "no cache hit" bound: every call 1.25× on its prefix).
 * - Batch: every token at the batch share of the price (0.5 for both; the catalogue's batchDiscount).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { estimateTokens } from '../../src/judge/estimateTokens.ts';
import { indexReview } from '../../src/judge/reviewIndex.ts';
import { taskFor } from '../../src/judge/unitTasks.ts';
import { BUNDLED_PROMPTS_DIR, loadTemplate } from '../../src/prompts/loadTemplate.ts';
import { DETECTION_OPTIONAL_PLACEHOLDERS, DETECTION_PLACEHOLDERS } from '../../src/judge/detection.ts';
import { AUDIT_PLACEHOLDERS } from '../../src/judge/audit.ts';
import { discoverRounds } from '../../src/round/discoverRounds.ts';
import { planUnits } from '../../src/round/planUnits.ts';
import { prepareInputs } from '../../src/round/prepareInputs.ts';
import { DEFAULT_BATCH_DISCOUNT } from '../../src/cost/prices.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';

/** The issue's goals: billed input per prompt at most this many times the incumbent's single read. */
export const TARGET = { openai: 4, anthropic: 7 };

/** Input tokens of one review's requests: the detection prefix and each unit's task, the audit's prefix and task. */
interface ReviewCalls {
  prompt: string;
  detectionPrefix: number;
  detectionTasks: number[];
  auditPrefix: number;
  auditTask: number;
}

/** Full-price-equivalent input tokens of one review's requests under a pricing rule. */
type Rule = (r: ReviewCalls) => number;

const MIN_CACHED_PREFIX = 1024;

/** OpenAI with `n`: one request per unit, a review's later detection requests read the prefix at `cached` × input. */
const openai = (cached: number): Rule => (r) => {
  const c = r.detectionPrefix >= MIN_CACHED_PREFIX ? cached : 1;
  return r.detectionTasks.reduce((a, t, i) => a + (i === 0 ? r.detectionPrefix : c * r.detectionPrefix) + t, 0) + r.auditPrefix + r.auditTask;
};

/** Anthropic: `calls` per unit; each prefix written once (1.25×) and read after (0.1×), or written by every call when nothing hits. */
const anthropic = (calls: number, hits: boolean): Rule => (r) => {
  const prefix = (p: number, n: number) => (hits ? 1.25 * p + (n - 1) * 0.1 * p : n * 1.25 * p);
  const detection = prefix(r.detectionPrefix, calls * r.detectionTasks.length) + calls * r.detectionTasks.reduce((a, t) => a + t, 0);
  return detection + prefix(r.auditPrefix, 3) + 3 * r.auditTask;
};

export async function billedInput(ctx: Ctx): Promise<ScenarioResult> {
  const root = path.join(ctx.opts.corpus, 'rounds');
  if (!existsSync(root)) {
    return { name: 'billed-input', rows: [{ figure: 'billed input per prompt ÷ the incumbent', measured: 'skipped: corpus absent', target: '', ok: null }], details: [`- The corpus is absent at ${root}; pass --corpus DIR.`], misses: [] };
  }
  const templates = { detection: loadTemplate(BUNDLED_PROMPTS_DIR, 'detection', DETECTION_PLACEHOLDERS, DETECTION_OPTIONAL_PLACEHOLDERS), audit: loadTemplate(BUNDLED_PROMPTS_DIR, 'audit', AUDIT_PLACEHOLDERS) };
  const rounds = await discoverRounds(root);
  const calls: ReviewCalls[] = [];
  let incumbent = 0;
  let prompts = 0;
  let refused = 0;
  for (const r of ctx.opts.quick ? rounds.slice(0, 3) : rounds) {
    let prepared;
    try {
      prepared = await prepareInputs({ kind: 'round', dir: r.dir, round: r.round, prompts: [] }, { cwd: process.cwd(), stderr: () => {} });
    } catch {
      refused++;
      continue;
    }
    const ctxUnit = { key: prepared.key, perspectiveRaw: prepared.perspective?.raw ?? null, templates, policy: 'require' as const };
    const shared = estimateTokens(prepared.inputs.key.text) + estimateTokens(prepared.perspective?.raw ?? '');
    const byPrompt = new Map<string, number>();
    for (const review of prepared.inputs.reviews) {
      byPrompt.set(review.prompt, (byPrompt.get(review.prompt) ?? 0) + estimateTokens(review.text));
      const index = indexReview(review.text);
      const units = planUnits(prepared.key, [review], undefined, true);
      const rc: ReviewCalls = { prompt: `${r.series}/${r.round}/${review.prompt}`, detectionPrefix: 0, detectionTasks: [], auditPrefix: 0, auditTask: 0 };
      for (const unit of units) {
        const p = taskFor(unit, ctxUnit, index).prompt;
        const prefix = estimateTokens(p.instructions + p.review);
        if (unit.kind === 'audit') {
          rc.auditPrefix = prefix;
          rc.auditTask = estimateTokens(p.task);
        } else {
          rc.detectionPrefix = prefix;
          rc.detectionTasks.push(estimateTokens(p.task));
        }
      }
      calls.push(rc);
    }
    for (const reviewsTokens of byPrompt.values()) {
      incumbent += shared + reviewsTokens;
      prompts++;
    }
  }
  const ratio = (rule: Rule, share = 1) => (share * calls.reduce((a, c) => a + rule(c), 0)) / incumbent;
  const b = DEFAULT_BATCH_DISCOUNT;
  const rows = [
    { name: 'OpenAI n = 3, cached prefix at 50% of input', rule: openai(0.5), target: TARGET.openai },
    { name: 'OpenAI n = 3, cached prefix at 25% of input', rule: openai(0.25), target: TARGET.openai },
    { name: 'OpenAI n = 3, cached prefix at 10% of input (gpt-6-luna: $0.01 of $0.10)', rule: openai(0.1), target: TARGET.openai },
    { name: 'OpenAI n = 3, no cache hit (every request pays its prefix): the upper bound', rule: openai(1), target: null },
    { name: 'Anthropic, 3 calls per unit, every cache read a hit', rule: anthropic(3, true), target: TARGET.anthropic },
    { name: 'Anthropic, 2 calls per unit (early stop), every cache read a hit', rule: anthropic(2, true), target: TARGET.anthropic },
    // A bound, not a goal: the worst an Anthropic batch can do when no call finds its review's prefix cached.
    { name: 'Anthropic, 3 calls per unit, no cache hit (every call writes): the upper bound', rule: anthropic(3, false), target: null },
  ];
  return {
    name: 'billed-input',
    rows: rows.map((x) => {
      const interactive = ratio(x.rule);
      const batch = ratio(x.rule, b);
      return { figure: `billed input per prompt ÷ incumbent: ${x.name}`, measured: `interactive ${interactive.toFixed(2)}× · batch ${batch.toFixed(2)}×`, target: x.target === null ? '' : `batch ≤ ${x.target}×`, ok: x.target === null ? null : batch <= x.target };
    }),
    details: [
      `- Corpus: ${rounds.length - refused} rounds${refused ? ` (${refused} refused by the parser)` : ''}, ${fmt.int(calls.length)} reviews, ${fmt.int(prompts)} prompt variants; incumbent input ${fmt.int(incumbent)} tokens (key + perspective + the prompt's reviews, once per prompt and round), review-judge requests planned with the bundled templates.`,
      `- Billed input in full-price input tokens: OpenAI cached reads at the given share of the input price (prefixes ≥ ${MIN_CACHED_PREFIX} tokens); Anthropic cache writes 1.25×, reads 0.1×; batch: × ${b} of all of it. Output tokens are not counted (the incumbent wrote a report too).`,
      `- An Anthropic batch reads the provider cache only when an earlier call of the same review has written it first (best effort within a batch; Anthropic suggests the 1-hour cache duration for batches with shared context, https://docs.claude.com/en/docs/build-with-claude/batch-processing), so its true figure lies between the "every read a hit" rows and the "no cache hit" bound; the 7× goal holds only on the hit side. OpenAI's prompt cache is best effort too (a line reads a prefix only once an earlier line of the review has been processed): its batch figure lies between the cached rows and its bound.`,
    ],
    misses: [],
  };
}

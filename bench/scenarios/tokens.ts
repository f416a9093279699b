/**
 * Input tokens sent, and the share of them in a prefix shared by every call for the same review
 * (what a provider's prompt cache can serve), on real corpus rounds judged with their own answer
 * keys. The shares come from byte-comparing the request bodies the fake received.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIXED, startBackend } from '../fakeBackend.ts';
import { PrefixTracker } from '../prefixShare.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli } from '../spawnCli.ts';

export const TARGET_PREFIX_SHARE = 0.9;

export async function tokens(ctx: Ctx): Promise<ScenarioResult> {
  const rounds = path.join(ctx.opts.corpus, 'rounds');
  if (!existsSync(rounds)) {
    return {
      name: 'tokens',
      rows: [{ figure: 'input tokens in the per-review shared prefix (corpus)', measured: 'skipped: corpus absent', target: `≥ ${TARGET_PREFIX_SHARE * 100}%`, ok: null }],
      details: [`- The workflow corpus is absent at ${rounds}; this figure needs real reviews and was skipped (pass --corpus DIR).`],
      misses: [],
    };
  }
  const dir = path.join(ctx.tmp, 'tokens');
  mkdirSync(dir, { recursive: true });
  const detection = new PrefixTracker();
  const all = new PrefixTracker();
  const audit = new PrefixTracker();
  const backend = await startBackend({
    latencyMs: 0,
    pattern: MIXED,
    onBody: (body, v) => {
      all.add(String(v.reviewId), body);
      (v.problemId === 'audit' ? audit : detection).add(String(v.reviewId), body);
    },
  });
  try {
    const target = ctx.opts.quick ? [path.join(rounds, 'reliability-design'), '--round', '6'] : [rounds, '--all-rounds'];
    const what = ctx.opts.quick ? 'reliability-design round 6' : 'every corpus round (`--all-rounds`)';
    ctx.log(`tokens: judging ${what} with openai:gpt-4.1-mini (n) against a 0-latency fake`);
    const run = await runCli(['score', ...target, '--judge', 'openai:gpt-4.1-mini', '--votes', '3', '--concurrency', String(ctx.opts.concurrency), '--runs-dir', 'runs'], {
      cwd: dir,
      env: childEnv({ OPENAI_API_KEY: 'sk-bench-not-a-real-ke', OPENAI_BASE_URL: `${backend.url}/v1` }),
    });
    // Exit 1 (unscored) or 2 (a round the CLI refuses) still leaves the bodies to measure.
    expectExit(run, 'tokens run', [0, 1, 2]);
    const d = detection.summary();
    const a = audit.summary();
    const t = all.summary();
    const ok = d.byteShare >= TARGET_PREFIX_SHARE;
    const summaryLine = /^\d+ rounds scored: .*$/m.exec(run.stderr)?.[0];
    const misses: string[] = [];
    if (!ok) misses.push(`- Detection calls: ${fmt.int(d.prefixBytes)} of ${fmt.int(d.bytes)} bytes lie in the per-review common prefix; the unit task after the review is ${fmt.pct(1 - d.byteShare)} of the bytes.`);
    return {
      name: 'tokens',
      rows: [
        { figure: 'input tokens sent (estimated, all requests)', measured: `${fmt.int(t.tokens)} in ${fmt.int(t.requests)} requests (${fmt.int(Math.round(t.tokens / Math.max(1, t.requests)))}/request)`, target: '', ok: null },
        { figure: 'detection calls: bytes in the prefix shared by all calls for the review', measured: `${fmt.pct(d.byteShare)} (tokens ${fmt.pct(d.tokenShare)})`, target: `≥ ${TARGET_PREFIX_SHARE * 100}%`, ok },
        { figure: 'all calls incl. the audit: bytes in the per-review shared prefix', measured: `${fmt.pct(t.byteShare)} (tokens ${fmt.pct(t.tokenShare)})`, target: '', ok: null },
      ],
      details: [
        `- Corpus: ${what}, each round with its own answer key, reviews and perspective; \`--judge openai:gpt-4.1-mini --votes 3\` (one request per unit with \`n\`), audit on as in a default run. Exit ${run.code}${summaryLine ? ` (${summaryLine})` : ''}.`,
        `- ${fmt.int(t.groups)} reviews, ${fmt.int(t.requests)} requests: ${fmt.int(d.requests)} detection (${fmt.int(d.tokens)} tokens), ${fmt.int(a.requests)} audit (${fmt.int(a.tokens)} tokens, ${fmt.pct(a.tokens / Math.max(1, t.tokens))} of all).`,
        `- Share = Σ over reviews of (longest common prefix of the serialized \`messages\` of all that review's requests × its requests) ÷ Σ serialized bytes. Tokens: \`estimateTokens\` (src/cost/estimateTokens.ts) of the message text and of the common text prefix.`,
        t.byteShare < d.byteShare - 0.05
          ? `- With the audit calls included the per-review common prefix shrinks to ${fmt.pct(t.byteShare)}: the audit prompt departs from the detection prompt before the review, so the review is no longer part of a prefix common to all calls.`
          : `- With the audit calls included the per-review common prefix still holds ${fmt.pct(t.byteShare)} of the bytes: audit and detection prompts share the same bytes up to the end of the review.`,
      ],
      misses,
    };
  } finally {
    await backend.close();
  }
}

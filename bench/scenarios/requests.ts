/**
 * Requests made against units × votes, with OpenAI `n` (all k votes in one request) and without it
 * (openai-compatible: one vote per request, early stopping). Same round, same judge brain (7 units
 * in 10 unanimous, 3 in 10 split), audit on as in a default run; both runs must reach the same verdicts.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MIXED, startBackend } from '../fakeBackend.ts';
import { KEY_PROBLEMS, writeSyntheticRound } from '../fixtures.ts';
import { PrefixTracker } from '../prefixShare.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli, runDirOf } from '../spawnCli.ts';

const LATENCY_MS = 20;
const VOTES = 3;

export async function requests(ctx: Ctx): Promise<ScenarioResult> {
  const reviews = ctx.opts.requestReviews;
  const dir = path.join(ctx.tmp, 'requests');
  mkdirSync(dir, { recursive: true });
  const round = writeSyntheticRound(dir, reviews);
  const units = reviews * KEY_PROBLEMS + reviews; // detection units + one audit per review
  const votes = units * VOTES;
  let tracker = new PrefixTracker();
  const backend = await startBackend({ latencyMs: LATENCY_MS, pattern: MIXED, onBody: (body) => tracker.add('all', body) });
  try {
    const common = ['score', round, '--round', '6', '--votes', String(VOTES), '--concurrency', String(ctx.opts.concurrency)];
    const measure = async (label: string, judge: string[], runsDir: string, env: Record<string, string>) => {
      backend.reset();
      tracker = new PrefixTracker();
      ctx.log(`requests: ${label}`);
      const run = await runCli([...common, ...judge, '--runs-dir', runsDir], { cwd: dir, env: childEnv(env) });
      expectExit(run, `requests run (${label})`);
      return { run, stats: { ...backend.stats }, tokens: tracker.summary().tokens, verdicts: verdictList(path.resolve(dir, runDirOf(run))) };
    };
    const withN = await measure('openai with n', ['--judge', 'openai:gpt-4.1-mini'], 'runs-n', { OPENAI_API_KEY: 'sk-bench-not-a-real-ke', OPENAI_BASE_URL: `${backend.url}/v1` });
    const without = await measure('openai-compatible without n', ['--judge', 'openai-compatible:bench-judge', '--base-url', `${backend.url}/v1`], 'runs-1', {});
    const same = withN.verdicts === without.verdicts;
    const reqN = withN.stats.requests;
    const req1 = without.stats.requests;
    return {
      name: 'requests',
      rows: [
        { figure: `requests with OpenAI \`n\` (${fmt.int(units)} units × ${VOTES} votes)`, measured: `${fmt.int(reqN)} requests for ${fmt.int(units)} units (${fmt.int(withN.stats.samples)} samples)`, target: 'requests = units', ok: reqN === units },
        { figure: 'requests without `n` (openai-compatible, early stop)', measured: `${fmt.int(req1)} of ${fmt.int(votes)} votes (${fmt.pct(req1 / votes)})`, target: '≤ units × votes', ok: req1 <= votes },
        { figure: 'same verdicts with and without `n`', measured: same ? 'yes' : 'NO', target: 'yes', ok: same },
      ],
      details: [
        `- Synthetic round: bundled key (10 problems), ${reviews} reviews, \`--votes ${VOTES}\` with the audit on: ${fmt.int(reviews * KEY_PROBLEMS)} detection units + ${reviews} audit units = ${fmt.int(units)} units, ${fmt.int(votes)} votes. Fake latency ${LATENCY_MS} ms (counts do not depend on it).`,
        `- With \`n\`: ${fmt.int(reqN)} requests, ${fmt.int(withN.stats.withN)} of them with n > 1; ~${fmt.int(withN.tokens)} input tokens sent (estimated). Exit ${withN.run.code}.`,
        `- Without \`n\`: ${fmt.int(req1)} requests (detection: 2 per unanimous unit, 3 per split unit; audit: all ${VOTES} votes, it does not stop early); ~${fmt.int(without.tokens)} input tokens sent (${(without.tokens / Math.max(1, withN.tokens)).toFixed(2)}× the \`n\` run). Exit ${without.run.code}.`,
      ],
      misses: [],
    };
  } finally {
    await backend.close();
  }
}

/** The verdicts of a run folder, canonically ordered, as one string. */
function verdictList(runDir: string): string {
  const v = JSON.parse(readFileSync(path.join(runDir, 'verdicts.json'), 'utf8')) as { units: Array<{ review: { prompt: string; run: number }; unit: string; verdict: string }> };
  return v.units.map((u) => `${u.review.prompt}/${u.review.run}/${u.unit}=${u.verdict}`).sort().join('\n');
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Budget } from '../cost/Budget.ts';
import { DEFAULT_PRICES, parsePriceOverride } from '../cost/prices.ts';
import { DiskCache } from '../cache/DiskCache.ts';
import { InputError } from '../errors.ts';
import { AdaptiveLimit } from '../judge/AdaptiveLimit.ts';
import { AUDIT_PLACEHOLDERS } from '../judge/audit.ts';
import { DETECTION_PLACEHOLDERS } from '../judge/detection.ts';
import { createProvider, DEFAULT_MODELS, parseJudgeSpec } from '../judge/providers/createProvider.ts';
import { MAX_K } from '../judge/vote.ts';
import { BUNDLED_PROMPTS_DIR, loadTemplate } from '../prompts/loadTemplate.ts';
import { createRunLogger, secretsIn } from '../run/createRunLogger.ts';
import { findPreviousRun, diffVerdicts } from '../run/previousRun.ts';
import { RunFolder } from '../run/RunFolder.ts';
import { scoreRun, unitName, type ScoreSettings } from '../run/scoreRun.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { prepareInputs } from './planCommand.ts';
import { createProgress } from './progress.ts';
import { positiveInt, type InputFlags } from './resolveInputs.ts';
import { formatVerdictTable } from './formatVerdictTable.ts';

/** Flags of `review-judge score`. */
export interface ScoreFlags extends InputFlags {
  judge?: string[];
  votes: string;
  only?: string;
  fresh?: boolean;
  salt?: string;
  offline?: boolean;
  runsDir: string;
  cacheDir?: string;
  promptsDir?: string;
  baseUrl?: string;
  concurrency: string;
  timeoutMs: string;
  maxRetries: string;
  maxCost?: string;
  prices?: string;
  evidence: string;
  audit?: boolean;
  json?: boolean;
}

/** `review-judge score`: judge, vote, cache, and write the run folder. Exit 0, 1 (unscored units) or 2. */
export async function scoreCommand(roundDir: string | undefined, flags: ScoreFlags, io: CliIO): Promise<number> {
  const prepared = await prepareInputs(roundDir, flags, io);
  if (!prepared.inputs.reviews.length) throw new InputError('no reviews to judge (see the refused files above, or check --prompt and the results/ folder)', roundDir ?? flags.key);
  const ids = prepared.key.problems.map((p) => p.id);
  const only = (flags.only ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of only) if (!ids.includes(id) && id !== 'audit') throw new InputError(`--only ${id}: no such problem in the answer key (it has ${ids.join(', ')}, and audit)`);
  if (only.includes('audit') && flags.audit === false) throw new InputError('--only audit contradicts --no-audit');
  if (flags.evidence !== 'require' && flags.evidence !== 'ignore') throw new InputError(`--evidence expects require or ignore, got '${flags.evidence}'`);
  const settings: ScoreSettings = {
    votes: positiveInt(flags.votes, '--votes'),
    only,
    fresh: Boolean(flags.fresh || flags.salt),
    salt: flags.salt ?? (flags.fresh ? io.randomHex(8) : ''),
    offline: Boolean(flags.offline),
    evidencePolicy: flags.evidence,
    audit: flags.audit !== false,
    concurrency: positiveInt(flags.concurrency, '--concurrency'),
    timeoutMs: positiveInt(flags.timeoutMs, '--timeout-ms'),
    maxRetries: Number(flags.maxRetries),
    maxCostUsd: flags.maxCost !== undefined ? nonNegativeNumber(flags.maxCost, '--max-cost') : null,
  };
  if (!/^\d+$/.test(flags.maxRetries)) throw new InputError(`--max-retries expects a non-negative integer, got '${flags.maxRetries}'`);
  const specs = flags.judge?.length ? flags.judge : [defaultJudge(io.env)];
  const named = specs.map((spec) => { const j = parseJudgeSpec(spec); return `${j.kind}:${j.model}`; });
  const twice = named.find((n, i) => named.indexOf(n) !== i);
  if (twice) throw new InputError(`--judge ${twice} is given twice; a panel needs different judges (use --votes for more samples of one)`);
  if (settings.votes * specs.length > MAX_K) throw new InputError(`--votes ${settings.votes} × ${specs.length} judges = ${settings.votes * specs.length} votes per unit; at most ${MAX_K}`);

  const runsDir = path.resolve(io.cwd, flags.runsDir);
  // Everything that can fail on bad input is checked before the run folder exists.
  let onThrottle: (c: number, why: string) => void = () => {};
  const limit = new AdaptiveLimit(settings.concurrency, (c, why) => onThrottle(c, why));
  const judges = specs.map((spec) =>
    createProvider(spec, io.env, { baseURL: flags.baseUrl, timeoutMs: settings.timeoutMs, maxRetries: settings.maxRetries, fetch: limit.observe() }),
  );
  const promptsDir = flags.promptsDir ? path.resolve(io.cwd, flags.promptsDir) : BUNDLED_PROMPTS_DIR;
  const templates = { detection: loadTemplate(promptsDir, 'detection', DETECTION_PLACEHOLDERS), audit: loadTemplate(promptsDir, 'audit', AUDIT_PLACEHOLDERS) };
  const runId = `${io.now().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${io.randomHex(3)}`;
  const folder = new RunFolder(runsDir, runId);
  const log = createRunLogger(folder.file('log.jsonl'), secretsIn(io.env));
  onThrottle = (c, why) => log.warn({ concurrency: c }, `concurrency ${why}`);
  const cache = new DiskCache(path.resolve(io.cwd, flags.cacheDir ?? path.join(flags.runsDir, 'cache')), { log });
  const prices = flags.prices ? parsePriceOverride(await readJsonFile(path.resolve(io.cwd, flags.prices)), flags.prices) : DEFAULT_PRICES;
  const budget = new Budget(prices, settings.maxCostUsd);
  const progress = createProgress(io, () => limit.concurrency);

  const result = await scoreRun(prepared, settings, { judges, limit, templates, cache, budget, prices, folder, log, now: io.now, signal: io.signal, onProgress: progress.update });
  progress.end();

  if (flags.json) io.stdout(JSON.stringify(result.verdicts, null, 2) + '\n');
  else io.stdout(formatVerdictTable(result.verdicts, prepared.key.problems.map((p) => p.id)) + `run: ${folder.dir}\n`);
  const t = result.manifest.totals;
  io.stderr(`${t.units} units, ${t.requests} requests, ${t.cacheHits} cached votes, ${t.unscored} unscored, ${formatUsd(t.costUsd ?? 0)} spent; run folder ${folder.dir}\n`);
  if (settings.salt) io.stderr(`fresh samples under salt ${settings.salt}: rerun with --salt ${settings.salt} to resume or replay them\n`);
  const stopped = budget.stopReason();
  if (stopped) io.stderr(`review-judge: ${stopped}\n`);
  if (result.missing) io.stderr(`${result.missing} units outside --only are not in the cache and were left out (run without --only to judge them)\n`);
  if (only.length) {
    const previous = await findPreviousRun(runsDir, result.manifest);
    if (previous) for (const line of diffVerdicts(previous.verdicts, result.verdicts, only)) io.stdout(line + '\n');
    else io.stdout('no earlier run of the same inputs to compare with\n');
  }
  const misses = result.outcomes.filter((o) => o.collected.some((c) => c.status === 'failed' && c.kind === 'cache-miss'));
  const auditMisses = result.audits.filter((o) => o.collected.some((c) => c.status === 'failed' && c.kind === 'cache-miss'));
  for (const o of [...misses, ...auditMisses]) io.stderr(`review-judge: offline: no cached votes for ${unitName(o.job.review, 'problem' in o.job ? o.job.problem.id : 'audit')}; run without --offline to judge it\n`);
  const unscored = [
    ...result.outcomes.filter((o) => o.verdict.verdict === 'unscored').map((o) => `${unitName(o.job.review, o.job.problem.id)}: ${o.verdict.reason}`),
    ...result.audits.filter((o) => o.verdict.status === 'unscored').map((o) => `${unitName(o.job.review, 'audit')}: ${o.verdict.reason}`),
  ];
  for (const line of unscored) io.stderr(`unscored: ${line}\n`);
  if (misses.length || auditMisses.length) return EXIT.input;
  return unscored.length ? EXIT.unscored : EXIT.ok;
}

/** Parses a flag that must be a non-negative number. */
function nonNegativeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(`${flag} expects a non-negative number, got '${value}'`);
  return n;
}

/** Reads a JSON file given on the command line; errors name the file. */
async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read (${e.code ?? e.message})`, file);
  });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, file);
  }
}

/** `$0.0123` style. */
export function formatUsd(x: number): string {
  return `$${x.toFixed(x < 1 ? 4 : 2)}`;
}

/** The judge used when no `--judge` is given: the first provider the environment configures. */
export function defaultJudge(env: Record<string, string | undefined>): string {
  if (env.OPENAI_API_KEY) return `openai:${DEFAULT_MODELS.openai}`;
  if (env.ANTHROPIC_API_KEY) return `anthropic:${DEFAULT_MODELS.anthropic}`;
  if (env.JUDGE_BASE_URL && env.JUDGE_MODEL) return `openai-compatible:${env.JUDGE_MODEL}`;
  throw new InputError(
    'no judge configured: pass --judge openai:<model> | anthropic:<model> | openai-compatible:<model> --base-url <url>, ' +
      'or set OPENAI_API_KEY, ANTHROPIC_API_KEY, or JUDGE_BASE_URL with JUDGE_MODEL (in the environment or a .env file)',
  );
}


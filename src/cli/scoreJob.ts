import type { Report } from '../types/Report.ts';
import path from 'node:path';
import { Budget } from '../cost/Budget.ts';
import { bundledCatalogue, mergeCatalogue } from '../catalogue/loadCatalogue.ts';
import { planJudgeModel } from '../catalogue/planJudgeModel.ts';
import { parsePriceOverride, priceFor, priceTableOf } from '../cost/prices.ts';
import { InputError } from '../errors.ts';
import { AdaptiveLimit } from '../judge/AdaptiveLimit.ts';
import { AUDIT_PLACEHOLDERS } from '../judge/audit.ts';
import { DETECTION_OPTIONAL_PLACEHOLDERS, DETECTION_PLACEHOLDERS } from '../judge/detection.ts';
import type { EvidencePolicy } from '../judge/evidence.ts';
import { capRetryAfter } from '../judge/providers/capRetryAfter.ts';
import { deadlineFetch } from '../judge/providers/deadlineFetch.ts';
import { DEFAULT_MODELS, DEFAULT_TIMEOUT_MS, REASONING_TIMEOUT_MS } from '../judge/providers/defaults.ts';
import { createProvider, parseJudgeSpec } from '../judge/providers/createProvider.ts';
import { defaultJudgeSpec } from '../judge/providers/registry.ts';
import { localJudgeInit, type LocalJudgeFlags } from '../judge/providers/local/localJudgeOptions.ts';
import { MAX_K } from '../judge/vote.ts';
import { BUNDLED_PROMPTS_DIR, loadTemplate } from '../prompts/loadTemplate.ts';
import { parseHistory } from '../run/history.ts';
import { loadCompareTo } from '../pipeline/loadCompareTo.ts';
import type { ScoreJob } from '../pipeline/ScoreJob.ts';
import { checkWritable } from '../run/checkWritable.ts';
import { secretsIn } from '../run/createRunLogger.ts';
import type { Thresholds } from '../run/thresholds.ts';
import { parseRubricOverride } from '../score/loadRubric.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';
import type { CliIO } from './CliIO.ts';
import { readJsonFile } from './readJsonFile.ts';
import { positiveInt, type InputFlags } from './resolveInputs.ts';
import { isAuditId } from '../types/Unit.ts';
import { batchSettingsOf, type BatchFlags } from './batchSettings.ts';

/** Flags of `review-judge score`. */
export interface ScoreFlags extends InputFlags, BatchFlags, LocalJudgeFlags {
  judge?: string[];
  votes: string;
  /** `--only`, repeatable, each a comma list. */
  only?: string[];
  fresh?: boolean;
  salt?: string;
  offline?: boolean;
  runsDir: string;
  cacheDir?: string;
  promptsDir?: string;
  baseUrl?: string;
  concurrency: string;
  timeoutMs?: string;
  maxRetries: string;
  maxRetryWait: string;
  maxCost?: string;
  prices?: string;
  models?: string;
  effort?: string;
  evidence: string;
  audit?: boolean;
  rubric?: string;
  baseline?: string;
  history?: string;
  allRounds?: boolean;
  failUnder?: string;
  compareTo?: string;
  maxDrop?: string;
  maxDemotedShare?: string;
  workflowFiles?: boolean;
  dryRun?: boolean;
  json?: boolean;
  printConfig?: boolean;
}

/** Parses and checks every flag of `score`; InputError on the first bad one. */
export async function prepareScoreJob(flags: ScoreFlags, io: CliIO): Promise<ScoreJob> {
  const only = [...new Set((flags.only ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean))];
  // An empty --only would judge everything: the opposite of what was asked.
  if (flags.only !== undefined && (!only.length || flags.only.some((v) => !v.split(',').some((x) => x.trim())))) {
    throw new InputError(`--only needs unit ids (e.g. --only P03,P07 or --only audit), got '${flags.only.join(' ')}'`);
  }
  if (only.some(isAuditId) && flags.audit === false) throw new InputError('--only audit contradicts --no-audit');
  const evidencePolicy = flags.evidence;
  if (!isPolicy(evidencePolicy)) throw new InputError(`--evidence expects require or ignore, got '${evidencePolicy}'`);
  if (!/^\d+$/.test(flags.maxRetries)) throw new InputError(`--max-retries expects a non-negative integer, got '${flags.maxRetries}'`);
  if (flags.maxDrop !== undefined && !flags.compareTo) throw new InputError('--max-drop needs --compare-to <run-dir>');
  const settings = {
    votes: positiveInt(flags.votes, '--votes'),
    fresh: Boolean(flags.fresh || flags.salt),
    salt: flags.salt ?? (flags.fresh ? io.randomHex(8) : ''),
    offline: Boolean(flags.offline),
    evidencePolicy,
    audit: flags.audit !== false,
    concurrency: positiveInt(flags.concurrency, '--concurrency'),
    timeoutMs: flags.timeoutMs !== undefined ? positiveInt(flags.timeoutMs, '--timeout-ms') : DEFAULT_TIMEOUT_MS,
    maxRetries: Number(flags.maxRetries),
    maxCostUsd: flags.maxCost !== undefined ? nonNegative(flags.maxCost, '--max-cost') : null,
  };
  // A dry run sends nothing, so it plans with the default judge when none is configured.
  const specs = flags.judge?.length ? flags.judge : [flags.dryRun ? dryRunJudge(io.env) : defaultJudgeSpec(io.env)];
  // Offline or dry: the judge is only a name for cache keys; it needs no key.
  const named = specs.map((spec) => {
    const j = parseJudgeSpec(spec);
    return `${j.kind}:${j.model}`;
  });
  const twice = named.find((n, i) => named.indexOf(n) !== i);
  if (twice) throw new InputError(`--judge ${twice} is given twice; a panel needs different judges (use --votes for more samples of one)`);
  if (settings.votes * specs.length > MAX_K) throw new InputError(`--votes ${settings.votes} × ${specs.length} judges = ${settings.votes * specs.length} votes per unit; at most ${MAX_K}`);
  const limit = new AdaptiveLimit(settings.concurrency);
  const maxRetryWaitMs = nonNegative(flags.maxRetryWait, '--max-retry-wait') * 1000;
  const catalogue = flags.models ? mergeCatalogue(bundledCatalogue(), await readJsonFile(flags.models, io), flags.models) : bundledCatalogue();
  if (flags.effort !== undefined && !flags.effort.trim()) throw new InputError('--effort needs a value (e.g. low, medium, high)');
  const judges = [];
  for (const spec of specs) {
    const { kind, model } = parseJudgeSpec(spec);
    // A local judge's file is found (downloaded once) and hashed first: its digest is in every cache key.
    const local = kind === 'local' ? await localJudgeInit(model, flags, { cwd: io.cwd, env: io.env, offline: settings.offline, dryRun: Boolean(flags.dryRun), status: (l) => io.stderr(l + '\n') }) : undefined;
    // Hosted models are checked against the catalogue before any request; local servers' and files are the user's.
    const use = kind === 'openai-compatible' || kind === 'local' ? null : planJudgeModel(catalogue, kind, model, io.now(), flags.effort);
    for (const w of use?.warnings ?? []) io.stderr(`warning: ${w}\n`);
    // A thinking model gets longer unless --timeout-ms says otherwise.
    const timeoutMs = flags.timeoutMs === undefined && use?.entry.reasoning ? REASONING_TIMEOUT_MS : settings.timeoutMs;
    judges.push(createProvider(spec, io.env, {
      ...(local ? { local } : {}),
      baseURL: flags.baseUrl,
      timeoutMs,
      maxRetries: settings.maxRetries,
      // Each attempt gets the whole per-attempt timeout for headers and body together.
      fetch: deadlineFetch(capRetryAfter(limit.observe(), maxRetryWaitMs), timeoutMs),
      keyOptional: settings.offline || Boolean(flags.dryRun),
      ...(use ? { entry: use.entry, effort: use.effort, modelUse: { catalogued: use.catalogued, ...(use.inferredFrom ? { inferredFrom: use.inferredFrom } : {}), effort: use.effort, reasoning: use.entry.reasoning } } : {}),
    }));
  }
  const batch = batchSettingsOf(flags, judges, io.cwd);
  const promptsDir = flags.promptsDir ? path.resolve(io.cwd, flags.promptsDir) : BUNDLED_PROMPTS_DIR;
  const templates = { detection: loadTemplate(promptsDir, 'detection', DETECTION_PLACEHOLDERS, DETECTION_OPTIONAL_PLACEHOLDERS), audit: loadTemplate(promptsDir, 'audit', AUDIT_PLACEHOLDERS) };
  const catalogued = priceTableOf(catalogue);
  const prices = flags.prices ? parsePriceOverride(await readJsonFile(flags.prices, io), flags.prices, catalogued) : catalogued;
  const unpriced = settings.maxCostUsd !== null ? judges.filter((j) => !priceFor(prices, j.id)) : [];
  if (unpriced.length) throw new InputError(`--max-cost needs a price for ${unpriced.map((j) => j.id).join(', ')}: add it to a --prices FILE`);
  const rubric = flags.rubric ? parseRubricOverride(await readJsonFile(flags.rubric, io), flags.rubric) : DEFAULT_RUBRIC;
  const history = flags.history ? parseHistory(await readJsonFile(flags.history, io), flags.history) : undefined;
  const thresholds: Thresholds = {
    ...(flags.failUnder !== undefined ? { failUnder: finite(flags.failUnder, '--fail-under') } : {}),
    ...(flags.maxDrop !== undefined ? { maxDrop: nonNegative(flags.maxDrop, '--max-drop') } : {}),
    ...(flags.maxDemotedShare !== undefined ? { maxDemotedShare: share(flags.maxDemotedShare, '--max-demoted-share') } : {}),
  };
  const runsDir = path.resolve(io.cwd, flags.runsDir);
  const cacheDir = path.resolve(io.cwd, flags.cacheDir ?? path.join(flags.runsDir, 'cache'));
  if (!flags.dryRun) {
    checkWritable(runsDir, 'runs folder', 'pick a writable --runs-dir');
    // Offline runs only read the cache.
    if (!settings.offline) checkWritable(cacheDir, 'vote cache', 'pick a writable --cache-dir (or free space)');
  }
  return {
    settings: { ...settings, only },
    judges,
    limit,
    templates,
    prices,
    budget: new Budget(prices, settings.maxCostUsd),
    rubric,
    history,
    thresholds,
    compareTo: flags.compareTo ? await compareToOf(path.resolve(io.cwd, flags.compareTo), flags.compareTo, runsDir, io) : null,
    ...(flags.baseline ? { baseline: flags.baseline } : {}),
    workflowFiles: Boolean(flags.workflowFiles),
    runsDir,
    cacheDir,
    secrets: secretsIn(io.env),
    batch,
  };
}

/** `--compare-to`'s reports; its own --runs-dir may be empty (the first night), said on stderr. */
async function compareToOf(dir: string, shown: string, runsDir: string, io: CliIO): Promise<Map<string | null, Report>> {
  const got = await loadCompareTo(dir, shown, { firstNightOk: path.resolve(dir) === path.resolve(runsDir) });
  if (!got.size) io.stderr(`--compare-to ${shown}: no earlier run to compare with yet (first night): --max-drop checks nothing this time\n`);
  return got;
}

/** The judge a dry run plans with: the configured one, else the OpenAI default. */
function dryRunJudge(env: Record<string, string | undefined>): string {
  try {
    return defaultJudgeSpec(env);
  } catch {
    return `openai:${DEFAULT_MODELS.openai}`;
  }
}

function isPolicy(x: string): x is EvidencePolicy {
  return x === 'require' || x === 'ignore';
}

function nonNegative(value: string, flag: string): number {
  const n = finite(value, flag);
  if (n < 0) throw new InputError(`${flag} expects a non-negative number, got '${value}'`);
  return n;
}

function share(value: string, flag: string): number {
  const n = finite(value, flag);
  if (n < 0 || n > 1) throw new InputError(`${flag} expects a share between 0 and 1 (e.g. 0.25), got '${value}'`);
  return n;
}

function finite(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InputError(`${flag} expects a number, got '${value}'`);
  return n;
}

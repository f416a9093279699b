/** Benchmark settings from flags (`npm run bench -- --quick`) or BENCH_* environment variables. */
import path from 'node:path';
import { parseArgs } from 'node:util';

/** Every scenario, in the order they run. */
export const SCENARIOS = ['cold-start', 'efficiency', 'requests', 'tokens', 'replay', 'resilience', 'nightly-heldout', 'nightly-corpus', 'nightly-history', 'dispatch', 'promptfoo', 'memory', 'billed-input'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Fault probabilities per request (each in [0, 1), drawn independently of the rate limit). */
export interface FaultRates {
  /** HTTP 500 after the latency (the SDK retries it with its own backoff). */
  status500: number;
  /** Socket destroyed after the latency (a connection error; the SDK retries it). */
  reset: number;
  /** A 200 whose content is not JSON (the engine asks once more, then counts the vote unscored). */
  invalid: number;
}

export interface BenchOptions {
  quick: boolean;
  only: Scenario[];
  /** Fake server latency per request (efficiency, requests, resilience). */
  latencyMs: number;
  /** `--concurrency` given to the CLI. */
  concurrency: number;
  /** Judge calls the efficiency run makes (rounded up to a multiple of 30: 10 problems × 3 votes). */
  calls: number;
  /** Reviews of the cache-replay run (× 10 problems × 3 votes). */
  replayReviews: number;
  /** Reviews of the request-count run. */
  requestReviews: number;
  /** Reviews of the rate-limit/fault run. */
  resilienceReviews: number;
  /** Accepted requests per rolling second before the fake answers 429 (resilience run; 0 = none). */
  rateLimit: number;
  /** Retry-After in whole seconds (`s`, the HTTP header) or exact milliseconds (`ms`, retry-after-ms). */
  retryAfter: 's' | 'ms';
  faults: FaultRates;
  /** Process starts per command for the cold-start medians. */
  coldStartRuns: number;
  /** Series (one round each) of the synthetic held-out nightly, and reviews per round. */
  heldoutRounds: number;
  heldoutReviews: number;
  /** Detection latency of the corpus nightly (audits take auditSlowdown × as long). */
  corpusLatencyMs: number;
  auditSlowdown: number;
  /** Earlier nights kept in the runs folder for the second cached nightly of nightly-history. */
  historyNights: number;
  /** Reviews of the dispatch round (× 10 problems + 1 audit). */
  dispatchReviews: number;
  /** Reviews of the promptfoo comparison (× 10 problems = units), and the promptfoo version installed. */
  promptfooReviews: number;
  promptfooVersion: string;
  /** Reuse (or create) a promptfoo install in this folder instead of the temp folder; null = temp. */
  promptfooPrefix: string | null;
  /** Seeded-random latency range of the promptfoo comparison, ms. */
  promptfooLatency: [number, number];
  /** The workflow corpus (its rounds/ folder is read, never written). */
  corpus: string;
  /** Profile (node --cpu-prof) the runs that miss a time target. */
  profile: boolean;
  /** Append a section to BENCHMARKS.md. */
  write: boolean;
  /** Keep the temporary folder (printed) instead of deleting it. */
  keep: boolean;
  /** Before each scenario, wait (up to maxWaitS) until the 1-minute load average is at most this; 0 = do not wait. */
  maxLoad: number;
  maxWaitS: number;
  seed: number;
}

export const REPO = path.resolve(import.meta.dirname, '..');

const USAGE = `usage: npm run bench -- [options]   (every option also reads BENCH_<NAME>, e.g. BENCH_LATENCY_MS=100)
  --quick                 small smoke run (~30 s); prints, does not write BENCHMARKS.md unless --write
  --only a,b              scenarios: ${SCENARIOS.join(', ')}
  --latency-ms N          fake judge latency (default 200; quick 50)
  --concurrency N         CLI --concurrency (default 32)
  --calls N               judge calls of the efficiency run (default 3000; quick 300)
  --replay-reviews N      reviews of the cache replay run, × 10 problems × 3 votes (default 330; quick 40)
  --request-reviews N     reviews of the request-count runs (default 30; quick 6)
  --resilience-reviews N  reviews of the rate-limit/fault run (default 30; quick 6)
  --rate-limit N          requests/s the fake accepts before 429 in the resilience run (default 100; 0 = off)
  --retry-after s|ms      429 carries Retry-After in seconds (default) or retry-after-ms
  --faults SPEC           e.g. 500=0.01,reset=0.01,invalid=0.01 (default; "none" for none)
  --cold-start-runs N     starts per command, median reported (default 10; quick 5)
  --heldout-rounds N      rounds (series) of the synthetic held-out nightly (default 7)
  --heldout-reviews N     reviews per held-out round (default 5 → ~385 requests; quick 2)
  --corpus-latency-ms N   detection latency of the corpus nightly (default 1000; quick 30)
  --audit-slowdown X      audit requests take X × the detection latency (default 3)
  --history-nights N      earlier nights kept for the second cached nightly (default 7)
  --dispatch-reviews N    reviews of the dispatch round (default 8; quick 3)
  --promptfoo-reviews N   reviews × 10 problems = units of the promptfoo comparison (default 30; quick 4)
  --promptfoo-version V   promptfoo version installed into the temp folder (default 0.121.x)
  --promptfoo-prefix DIR  reuse (or install once into) this npm prefix instead of the temp folder
  --promptfoo-latency A-B seeded-random latency per unit in the promptfoo comparison, ms (default 1000-3000; quick 100-300)
  --corpus DIR            workflow corpus (default ../shared/corpus)
  --no-profile            do not cpu-profile runs that miss a time target
  --write / --no-write    append the section to BENCHMARKS.md (default: yes, except with --quick)
  --keep                  keep the temporary folder
  --max-load X            before each scenario wait until the 1-min load average is <= X (shared machines)
  --max-wait-s N          give up waiting for --max-load after N s and run anyway (default 600)
  --seed N                fault RNG seed (default 1)`;

/** Parses argv and BENCH_* variables; exits 2 with the usage on a bad value. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean' },
        only: { type: 'string' },
        'latency-ms': { type: 'string' },
        concurrency: { type: 'string' },
        calls: { type: 'string' },
        'replay-reviews': { type: 'string' },
        'request-reviews': { type: 'string' },
        'resilience-reviews': { type: 'string' },
        'rate-limit': { type: 'string' },
        'retry-after': { type: 'string' },
        faults: { type: 'string' },
        'cold-start-runs': { type: 'string' },
        corpus: { type: 'string' },
        'heldout-rounds': { type: 'string' },
        'heldout-reviews': { type: 'string' },
        'corpus-latency-ms': { type: 'string' },
        'audit-slowdown': { type: 'string' },
        'history-nights': { type: 'string' },
        'dispatch-reviews': { type: 'string' },
        'promptfoo-reviews': { type: 'string' },
        'promptfoo-version': { type: 'string' },
        'promptfoo-latency': { type: 'string' },
        'promptfoo-prefix': { type: 'string' },
        profile: { type: 'boolean' },
        'no-profile': { type: 'boolean' },
        write: { type: 'boolean' },
        'no-write': { type: 'boolean' },
        keep: { type: 'boolean' },
        'max-load': { type: 'string' },
        'max-wait-s': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const get = (name: string): string | boolean | undefined => values[name] ?? envValue(env, name);
  const flag = (name: string): boolean | undefined => {
    const v = get(name);
    if (v === undefined) return undefined;
    return v === true || v === '1' || v === 'true' || v === 'yes';
  };
  const quick = flag('quick') ?? false;
  const int = (name: string, full: number, small: number, min = 1): number => {
    const v = get(name);
    if (v === undefined) return quick ? small : full;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) fail(`--${name} expects an integer >= ${min}, got '${String(v)}'`);
    return n;
  };
  const num = (name: string, dflt: number): number => {
    const v = get(name);
    if (v === undefined) return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) fail(`--${name} expects a non-negative number, got '${String(v)}'`);
    return n;
  };
  const only = String(get('only') ?? SCENARIOS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of only) if (!(SCENARIOS as readonly string[]).includes(s)) fail(`--only: unknown scenario '${s}' (${SCENARIOS.join(', ')})`);
  const retryAfter = String(get('retry-after') ?? 's');
  if (retryAfter !== 's' && retryAfter !== 'ms') fail(`--retry-after expects s or ms, got '${retryAfter}'`);
  const noWrite = flag('no-write');
  const noProfile = flag('no-profile');
  return {
    quick,
    only: only as Scenario[],
    latencyMs: int('latency-ms', 200, 50, 0),
    concurrency: int('concurrency', 32, 32),
    calls: int('calls', 3000, 300),
    replayReviews: int('replay-reviews', 330, 40),
    requestReviews: int('request-reviews', 30, 6),
    resilienceReviews: int('resilience-reviews', 30, 6),
    rateLimit: int('rate-limit', 100, 100, 0),
    retryAfter,
    faults: parseFaults(String(get('faults') ?? '500=0.01,reset=0.01,invalid=0.01')),
    coldStartRuns: int('cold-start-runs', 10, 5),
    heldoutRounds: int('heldout-rounds', 7, 7),
    heldoutReviews: int('heldout-reviews', 5, 2),
    corpusLatencyMs: int('corpus-latency-ms', 1000, 30, 0),
    auditSlowdown: num('audit-slowdown', 3),
    historyNights: int('history-nights', 7, 7, 0),
    dispatchReviews: int('dispatch-reviews', 8, 3),
    promptfooReviews: int('promptfoo-reviews', 30, 4),
    promptfooVersion: String(get('promptfoo-version') ?? '0.121.x'),
    promptfooPrefix: get('promptfoo-prefix') === undefined ? null : path.resolve(String(get('promptfoo-prefix'))),
    promptfooLatency: parseRange(String(get('promptfoo-latency') ?? (quick ? '100-300' : '1000-3000')), 'promptfoo-latency'),
    corpus: path.resolve(String(get('corpus') ?? path.join(REPO, '..', 'shared', 'corpus'))),
    profile: noProfile ? false : (flag('profile') ?? true),
    write: noWrite ? false : (flag('write') ?? !quick),
    keep: flag('keep') ?? false,
    maxLoad: num('max-load', 0),
    maxWaitS: int('max-wait-s', 600, 600, 0),
    seed: int('seed', 1, 1, 0),
  };
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return v === undefined || v === '' ? undefined : v;
}

/** `A-B` (milliseconds, 0 <= A <= B). */
function parseRange(spec: string, name: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(spec.trim());
  if (!m || Number(m[1]) > Number(m[2])) fail(`--${name} expects MIN-MAX in ms, e.g. 1000-3000, got '${spec}'`);
  return [Number(m[1]), Number(m[2])];
}

/** `500=0.01,reset=0.01,invalid=0.01` or `none`. */
export function parseFaults(spec: string): FaultRates {
  const rates: FaultRates = { status500: 0, reset: 0, invalid: 0 };
  if (spec.trim() === 'none' || spec.trim() === '') return rates;
  for (const part of spec.split(',')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    const p = Number(value);
    if (!Number.isFinite(p) || p < 0 || p >= 1) fail(`--faults: '${part}' needs a probability in [0, 1)`);
    if (name === '500') rates.status500 = p;
    else if (name === 'reset') rates.reset = p;
    else if (name === 'invalid') rates.invalid = p;
    else fail(`--faults: unknown fault '${name}' (500, reset, invalid)`);
  }
  if (rates.status500 + rates.reset + rates.invalid >= 1) fail('--faults: the rates add up to 1 or more');
  return rates;
}

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

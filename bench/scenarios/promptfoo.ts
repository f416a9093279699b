/**
 * Side by side with promptfoo (0.121.x: the last line that runs on Node 20) on the same units:
 * review-judge judges a synthetic round (`--no-audit`, one request per unit with OpenAI `n`) while
 * the fake records each unit's request; promptfoo then sends those same requests (same messages,
 * response_format and `n`, one test case per (review, problem) unit) to the same fake at the same
 * concurrency. The fake's latency is seeded-random per unit (same unit, same latency for both tools).
 * Efficiency = (Σ latency) / concurrency ÷ process wall, for each tool. promptfoo is installed with
 * npm into the bench's temporary folder (or --promptfoo-prefix), never as a project dependency.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { hash32, MIXED, startBackend, unitKey } from '../fakeBackend.ts';
import { KEY_PROBLEMS, writeSyntheticRound } from '../fixtures.ts';
import type { Ctx, ScenarioResult } from '../report.ts';
import { fmt } from '../report.ts';
import { childEnv, expectExit, runCli, runNode, type CliRun } from '../spawnCli.ts';

const run = promisify(execFile);
const API_KEY = 'sk-bench-not-a-real-ke';

interface UnitRequest {
  key: string;
  system: string;
  user: string;
  body: Record<string, unknown>;
}

export async function promptfoo(ctx: Ctx): Promise<ScenarioResult> {
  const { concurrency, promptfooReviews: reviews, promptfooVersion: version, seed } = ctx.opts;
  const [lo, hi] = ctx.opts.promptfooLatency;
  const units = reviews * KEY_PROBLEMS;
  const dir = path.join(ctx.tmp, 'promptfoo');
  mkdirSync(dir, { recursive: true });
  const round = writeSyntheticRound(dir, reviews, 24_000);
  const captured = new Map<string, UnitRequest>();
  // While promptfoo runs: how many of its bodies equal review-judge's for the same unit (model aside).
  let comparing = false;
  let same = 0;
  let differ = 0;
  let firstDiff = '';
  const backend = await startBackend({
    latencyMs: lo,
    latency: (view) => lo + (hash32(`${seed}|${unitKey(view)}`) % (hi - lo + 1)),
    pattern: MIXED,
    onBody: (body) => {
      const view = viewOf(body);
      if (!view) return;
      if (comparing) {
        const theirs = captured.get(view.key);
        const a = theirs ? comparable(theirs.body) : '';
        const b = comparable(body);
        if (a === b) same++;
        else if ((differ++, !firstDiff)) firstDiff = theirs ? firstDifference(a, b) : 'no review-judge request with the same user message (the prompt text itself differs)';
        return;
      }
      if (!captured.has(view.key)) captured.set(view.key, view);
    },
  });
  const rows: ScenarioResult['rows'] = [];
  const details: string[] = [];
  const misses: string[] = [];
  const figure = (tool: string) => `${tool}: ${fmt.int(units)} units at ${lo}-${hi} ms (seeded per unit), concurrency ${concurrency}: Σ latency / concurrency ÷ process wall`;
  try {
    // review-judge
    ctx.log(`promptfoo: review-judge on ${units} units (${reviews} reviews × ${KEY_PROBLEMS} problems) at ${lo}-${hi} ms`);
    await ctx.quiet();
    backend.reset();
    const rjArgs = ['score', round, '--round', '6', '--judge', 'openai:gpt-4.1-mini', '--votes', '3', '--no-audit', '--concurrency', String(concurrency), '--runs-dir', 'runs'];
    const rj = await runCli(rjArgs, { cwd: dir, env: childEnv({ OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: `${backend.url}/v1` }), measure: true });
    expectExit(rj, 'review-judge run', [0, 1]);
    const rjStats = { ...backend.stats };
    const rjIdeal = rjStats.latencySumMs / concurrency;
    const rjEff = rjIdeal / rj.wallMs;
    rows.push({ figure: figure('review-judge'), measured: `${rjEff.toFixed(3)} (${fmt.ms(rjIdeal)} / ${fmt.ms(rj.wallMs)})`, target: '', ok: null });
    details.push(
      `- Inputs: synthetic round (bundled key, 10 problems), ${reviews} reviews of ~24 kB: ${fmt.int(units)} (review, problem) units; no audit (promptfoo has no counterpart).`,
      `- review-judge: \`${rjArgs.join(' ')}\` → ${fmt.int(rjStats.requests)} requests (one per unit, \`n\` = 3), Σ latency ${fmt.ms(rjStats.latencySumMs)}, wall ${fmt.ms(rj.wallMs)} (first request after ${fmt.ms((rjStats.firstArrival ?? rj.spawnedAt) - rj.spawnedAt)}), peak RSS ${fmt.mb(rj.peakRssMb)}, CPU ${cpu(rj)}. Exit ${rj.code}.`,
    );

    // promptfoo: install
    const prefix = ctx.opts.promptfooPrefix ?? path.join(ctx.tmp, 'promptfoo-install');
    const bin = path.join(prefix, 'node_modules', 'promptfoo', 'dist', 'src', 'main.js');
    let cliJs = findPromptfooMain(prefix);
    let installMs = 0;
    if (!cliJs) {
      ctx.log(`promptfoo: npm install --prefix ${prefix} promptfoo@${version} (takes a minute or two)`);
      mkdirSync(prefix, { recursive: true });
      const t0 = performance.now();
      try {
        await run('npm', ['install', '--prefix', prefix, `promptfoo@${version}`, '--no-audit', '--no-fund', '--no-save', '--loglevel', 'error'], { cwd: prefix, maxBuffer: 64 * 1024 * 1024, timeout: 600_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
      } catch (e) {
        const err = e as { stderr?: string; message: string };
        const lines = (err.stderr ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
        const code = lines.map((l) => /^npm (?:error|ERR!) code (\S+)/.exec(l)?.[1]).find(Boolean);
        const first = lines.find((l) => !/^npm (?:error|ERR!) code /.test(l)) ?? err.message.split('\n')[0]!;
        return unavailable(rows, details, `npm install promptfoo@${version} failed${code ? ` (${code})` : ''}: ${first}`);
      }
      installMs = performance.now() - t0;
      cliJs = findPromptfooMain(prefix);
      if (!cliJs) return unavailable(rows, details, `npm install promptfoo@${version} succeeded but no promptfoo entry point was found under ${path.dirname(bin)}`);
    }
    const installed = JSON.parse(readFileSync(path.join(prefix, 'node_modules', 'promptfoo', 'package.json'), 'utf8')) as { version: string };

    // promptfoo: the same requests, one test per unit
    if (captured.size !== units) misses.push(`- review-judge's requests gave ${captured.size} distinct units, expected ${units}; promptfoo sends the ${captured.size} captured.`);
    const pfDir = path.join(dir, 'pf');
    mkdirSync(path.join(pfDir, 'home'), { recursive: true });
    const first = [...captured.values()][0];
    if (!first) return unavailable(rows, details, 'review-judge sent no request to copy');
    const { messages: _m, model: _model, n, max_completion_tokens, max_tokens, ...rest } = first.body;
    const config = {
      description: 'review-judge bench: the same (review, problem) units',
      prompts: ['file://prompt.json'],
      providers: [{ id: `openai:chat:${String(first.body.model ?? 'gpt-4.1-mini')}`, config: { apiBaseUrl: `${backend.url}/v1`, apiKey: API_KEY, omitDefaults: true, ...rest, passthrough: { n, max_completion_tokens, max_tokens } } }],
      tests: [...captured.values()].map((u) => ({ description: u.key, vars: { messages: JSON.stringify(u.body.messages) } })),
    };
    // The messages as one JSON var: promptfoo trims string vars, which would drop the trailing newlines.
    writeFileSync(path.join(pfDir, 'prompt.json'), '{{ messages | safe }}\n');
    writeFileSync(path.join(pfDir, 'promptfooconfig.yaml'), JSON.stringify(config, null, 1));
    const pfArgs = [cliJs, 'eval', '-c', 'promptfooconfig.yaml', '-j', String(concurrency), '--no-cache', '--no-write', '--no-table', '--no-progress-bar', '--no-share', '-o', 'out.json'];
    const pfEnv = childEnv({
      HOME: path.join(pfDir, 'home'),
      PROMPTFOO_CONFIG_DIR: path.join(pfDir, 'home', '.promptfoo'),
      PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1',
      PROMPTFOO_DISABLE_SHARING: '1',
      PROMPTFOO_CACHE_ENABLED: 'false',
      OPENAI_API_KEY: API_KEY,
    });
    ctx.log(`promptfoo: promptfoo ${installed.version} eval on the same ${captured.size} units`);
    await ctx.quiet();
    backend.reset();
    comparing = true;
    const pf = await runNode(pfArgs, { cwd: pfDir, env: pfEnv, measure: true });
    const pfStats = { ...backend.stats };
    const outFile = path.join(pfDir, 'out.json');
    const out = existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as { results?: { stats?: { successes?: number; failures?: number; errors?: number } } }) : null;
    if (!pfStats.answered) {
      const why = pf.stderr.split('\n').filter((l) => l.trim() && !/ExperimentalWarning|trace-warnings|Node\.js 20 support/.test(l))[0] ?? `exit ${pf.code}, no output`;
      return unavailable(rows, details, `promptfoo ${installed.version} ran (exit ${pf.code}) but sent no request: ${why.trim().slice(0, 300)}`);
    }
    const pfIdeal = pfStats.latencySumMs / concurrency;
    const pfEff = pfIdeal / pf.wallMs;
    rows.push({ figure: figure(`promptfoo ${installed.version}`), measured: `${pfEff.toFixed(3)} (${fmt.ms(pfIdeal)} / ${fmt.ms(pf.wallMs)})`, target: '', ok: null });
    rows.push({ figure: 'review-judge wall ÷ promptfoo wall (same units, same latencies)', measured: `${(rj.wallMs / pf.wallMs).toFixed(2)}× (${fmt.ms(rj.wallMs)} vs ${fmt.ms(pf.wallMs)})`, target: '', ok: null });
    const st = out?.results?.stats;
    details.push(
      `- promptfoo ${installed.version}: ${installMs ? `installed with \`npm install --prefix <tmp> promptfoo@${version}\` in ${fmt.ms(installMs)}` : `reused the install in ${prefix}`}; \`promptfoo eval -j ${concurrency} --no-cache --no-write\`, one test per unit whose prompt is review-judge's own messages (system + user), with its \`response_format\` and \`temperature\`, and \`n\` and the token limit passed through (\`omitDefaults\`: promptfoo adds no fields of its own).`,
      `- promptfoo: ${fmt.int(pfStats.requests)} requests, Σ latency ${fmt.ms(pfStats.latencySumMs)}, wall ${fmt.ms(pf.wallMs)} (first request after ${fmt.ms((pfStats.firstArrival ?? pf.spawnedAt) - pf.spawnedAt)}), peak in flight ${pfStats.peakInFlight}, peak RSS ${fmt.mb(pf.peakRssMb)}, CPU ${cpu(pf)}. Exit ${pf.code}${st ? `; ${st.successes ?? 0} successes, ${st.failures ?? 0} failures, ${st.errors ?? 0} errors` : ''}.`,
      `- Request bodies: ${fmt.int(same)} of promptfoo's ${fmt.int(same + differ)} equal review-judge's for the same unit (messages, response_format, n, temperature, token limit; the key order aside)${differ ? `; first difference: ${firstDiff}` : ''}.`,
      `- review-judge peak in flight ${rjStats.peakInFlight}. Efficiency counts start-up for both tools (process spawn → exit).`,
    );
    return { name: 'promptfoo', rows, details, misses };
  } finally {
    await backend.close();
  }
}

/** The unit of an OpenAI request the CLI sent: key, system text, user text, the body. */
function viewOf(body: any): UnitRequest | null {
  const messages = body?.messages;
  if (!Array.isArray(messages) || messages.length !== 2) return null;
  const system = messages[0]?.content;
  const user = messages[1]?.content;
  if (typeof system !== 'string' || typeof user !== 'string') return null;
  const id = /^- ID: (P\d+)$/m.exec(user)?.[1];
  if (!id) return null;
  return { key: `${hash32(user).toString(16)}|${id}`, system, user, body };
}

/** Where two serialized bodies part, with some context. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at byte ${i}: review-judge \`…${a.slice(Math.max(0, i - 40), i + 60)}…\` vs promptfoo \`…${b.slice(Math.max(0, i - 40), i + 60)}…\``;
}

/** The parts of a chat-completions body that decide the work, canonically ordered. */
function comparable(body: any): string {
  const pick = (o: Record<string, unknown>) => Object.fromEntries(Object.keys(o).filter((k) => !['model', 'stream'].includes(k)).sort().map((k) => [k, o[k]]));
  return JSON.stringify(pick(body ?? {}));
}

function findPromptfooMain(prefix: string): string | null {
  const pkgFile = path.join(prefix, 'node_modules', 'promptfoo', 'package.json');
  if (!existsSync(pkgFile)) return null;
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { bin?: string | Record<string, string> };
  const rel = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.promptfoo ?? Object.values(pkg.bin ?? {})[0]);
  return rel ? path.join(prefix, 'node_modules', 'promptfoo', rel) : null;
}

function unavailable(rows: ScenarioResult['rows'], details: string[], why: string): ScenarioResult {
  rows.push({ figure: 'promptfoo: efficiency on the same units', measured: `not run: ${why}`, target: '', ok: null });
  details.push(`- promptfoo could not be run: ${why}`);
  return { name: 'promptfoo', rows, details, misses: [] };
}

function cpu(r: CliRun): string {
  return r.cpuUserS === null ? 'n/a' : `${r.cpuUserS} s user + ${r.cpuSysS} s system`;
}

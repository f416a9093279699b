import { Command, CommanderError } from 'commander';
import { InputError } from '../errors.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import type { ScoreFlags } from './scoreCommand.ts';
import { VERSION } from '../version.ts';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, REASONING_TIMEOUT_MS } from '../judge/providers/defaults.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the input flags shared by `plan` and `score`. */
function inputOptions(cmd: Command): Command {
  return cmd
    .argument('[round-dir]', 'workflow round folder (answer-key-round-NNN.md, perspective.md, results/)')
    .option('--round <N>', 'round number to read from <round-dir>')
    .option('--key <file>', 'answer key file (instead of a round folder)')
    .option('--reviews <paths...>', 'review files or folders (with --key)')
    .option('--perspective <file>', 'perspective.md (with --key)')
    .option('--prompt <name>', 'only reviews of this prompt (repeatable)', collect)
    .option('--max-review-bytes <n>', 'refuse review files larger than this', String(2 * 1024 * 1024));
}

/** Adds the judging flags shared by `score` and `calibrate`. */
function judgeOptions(cmd: Command): Command {
  return cmd
    .option('--judge <kind:model>', 'judge model: openai:<model>, anthropic:<model>, openai-compatible:<model>, local:<path.gguf>, local:hf:<owner>/<repo>/<file>.gguf (repeat for a panel)', collect)
    .option('--votes <k>', 'votes per unit and judge (stops early once the outcome is decided)', '3')
    .option('--fresh', 'new samples under a new random salt instead of cached ones (the salt is printed and kept in the manifest)')
    .option('--salt <salt>', 'fresh samples under this salt: rerun with the same --salt to resume an interrupted --fresh run')
    .option('--offline', 'use the cache only; a miss is an error naming the unit')
    .option('--runs-dir <dir>', 'where run folders are written', 'runs')
    .option('--cache-dir <dir>', 'vote cache (default: <runs-dir>/cache)')
    .option('--prompts-dir <dir>', 'judge prompt templates (default: the bundled prompts/)')
    .option('--base-url <url>', 'judge server URL (openai-compatible; overrides OPENAI_BASE_URL / ANTHROPIC_BASE_URL / JUDGE_BASE_URL)')
    .option('--concurrency <n>', 'requests in flight (lowered automatically while throttled)', '8')
    .option('--timeout-ms <ms>', `per-attempt deadline, headers and body (default ${DEFAULT_TIMEOUT_MS}; ${REASONING_TIMEOUT_MS} for reasoning models)`)
    .option('--max-retries <n>', 'SDK retries per request (429, 5xx, connection errors)', String(DEFAULT_MAX_RETRIES))
    .option('--max-retry-wait <s>', 'longest Retry-After waited for; a longer one makes the vote unscored as rate-limited', '60')
    .option('--evidence <policy>', "require: a ○/△ vote without a quote found in the review counts as ×; ignore: keep the model's verdict", 'require')
    .option('--max-cost <usd>', 'stop issuing paid calls once this much is spent (finished work kept; the rest unscored, exit 1)')
    .option('--prices <file>', 'JSON price table overriding the catalogue\'s prices')
    .option('--models <file>', 'JSON model entries added to (or replacing those of) the dated catalogue (see review-judge models)')
    .option('--effort <level>', 'reasoning effort of reasoning judges (OpenAI reasoning_effort, Anthropic output_config.effort); default: the catalogue\'s judging effort (low) where the model takes it')
    .option('--threads <n>', 'local judges: CPU threads (default: one less than the math cores, at least 1)')
    .option('--gpu <backend>', 'local judges: auto (offload to a GPU build when one is installed), off, cuda, vulkan or metal', 'auto')
    .option('--max-tokens <n>', 'local judges: output-token budget of a request (default 2048; the grammar is bounded to fit it)')
    .option('--dry-run', 'print the calls, estimated tokens and cost per judge, and cache hits; send nothing (with --batch: both prices)')
    .option('--batch', "send what is not cached through the providers' batch APIs (half price, answered within 24 h); without --wait: submit, record the batches in the run folder and exit 75")
    .option('--wait', 'with --batch: poll until every batch has ended, then score (a progress line per change)')
    .option('--poll-seconds <s>', `with --batch: seconds between polls (default 60)`)
    .option('--batch-size <n>', "with --batch: requests per batch at most (default: the provider's limit, 50,000 OpenAI / 100,000 Anthropic)");
}

/** Adds the flags only `score` has: scope, scoring and nightly. */
function scoreOptions(cmd: Command): Command {
  return cmd
    .option('--only <ids>', 'draw fresh votes for only these units (e.g. P03,P07 or audit; repeatable) on top of the latest run of the same inputs, whose other units are kept as they were', collect)
    .option('--no-audit', 'skip the bonus/penalty audit (one extra unit per review)')
    .option('--rubric <file>', 'JSON overriding parts of the built-in rubric (points, bonus cap, SD kind, bands)')
    .option('--baseline <prompt>', 'the baseline prompt (default: the prompt named baseline, else the first by name)')
    .option('--history <file>', 'JSON [{ "round": N, "improvement": X }] of earlier rounds, for the convergence rule')
    .option('--all-rounds', 'score every <perspective>-<target>/ folder and round under <round-dir> (nightly)')
    .option('--fail-under <score>', 'exit 3 when a prompt\'s mean total is below this')
    .option('--compare-to <run-dir>', 'an earlier run folder (or runs folder) to compare means with, for --max-drop')
    .option('--max-drop <points>', 'exit 3 when a prompt\'s mean dropped by more than this against --compare-to')
    .option('--max-demoted-share <share>', 'exit 1 when the evidence check demoted more than this share of ○/△ votes to × (the judge\'s quotes are suspect)', '0.25')
    .option('--workflow-files', 'also write results/vNNN-<prompt>-scoring.md and reports/round-NNN-comparison.md into the round folder')
    .option('--json', 'print verdicts.json to stdout (with --all-rounds: the nightly summary)')
    .option('--print-config', `print the effective settings (${'review-judge.json'} in the working directory merged under the flags) as JSON and exit`);
}

/** Builds the command tree; each action stores its exit code. Commands load lazily so `--help` starts fast. */
export function buildProgram(io: CliIO, setCode: (code: number) => void): Command {
  const program = new Command('review-judge')
    .description('Score AI design reviews against answer keys with LLM judges: cached, voted, reproducible.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('key')
    .description('parse one answer key and print it (readable summary, or the canonical JSON)')
    .argument('<answer-key>', 'answer key markdown file')
    .option('--json', 'print the canonical answer key JSON')
    .action(async (file: string, opts: { json?: boolean }) => setCode(await (await import('./keyCommand.ts')).keyCommand(file, opts, io)));

  inputOptions(program.command('plan'))
    .description('list the reviews, key, perspective and judging units of a round, without judging')
    .option('--json', 'print the plan as JSON')
    .action(async (dir: string | undefined, opts) => setCode(await (await import('./planCommand.ts')).planCommand(dir, opts, io)));

  scoreOptions(judgeOptions(inputOptions(program.command('score'))))
    .description('judge every (review, planted problem) unit, vote, cache every call, and write runs/<run-id>/')
    .action(async (dir: string | undefined, opts: ScoreFlags, cmd: Command) => {
      // review-judge.json fills the flags the command line did not set.
      const { loadConfig, withConfig, effectiveConfig } = await import('./configFile.ts');
      const found = loadConfig(io.cwd);
      const flags = found ? withConfig(opts, found.config, (name) => cmd.getOptionValueSource(name) === 'cli') : opts;
      if (opts.printConfig) {
        io.stdout(JSON.stringify({ file: found?.file ?? null, settings: effectiveConfig(flags as unknown as Record<string, unknown>) }, null, 2) + '\n');
        return setCode(0);
      }
      setCode(await (await import('./scoreCommand.ts')).scoreCommand(dir, flags, io));
    })

  program
    .command('collect')
    .description('finish a --batch run: poll its batches, cache what has ended, and score the round (the command that submitted them, run again, does the same)')
    .argument('<run-dir>', 'the run folder a --batch run printed (it holds batch.json)')
    .option('--wait', 'poll until every batch has ended (else exit 75 while any still runs)')
    .option('--poll-seconds <s>', 'seconds between polls (default 60)')
    .option('--json', 'print verdicts.json to stdout when the round is scored')
    .action(async (dir: string, opts: import('./collectCommand.ts').CollectFlags) => setCode(await (await import('./collectCommand.ts')).collectCommand(dir, opts, io)));

  program
    .command('models')
    .description('list the dated model catalogue: each model\'s capabilities, prices and shutdown date, and the defaults')
    .option('--models <file>', 'JSON model entries merged onto the catalogue (as for score)')
    .option('--json', 'print the catalogue as JSON (each model with its status today)')
    .action(async (opts: { json?: boolean; models?: string }) => setCode(await (await import('./modelsCommand.ts')).modelsCommand(opts, io)));

  program
    .command('doctor')
    .description('check each judge with one tiny real call: key, model, structured output, n, effort, latency, served snapshot, cost')
    .option('--judge <kind:model>', 'judge to check (repeatable; default: the judge score would use)', collect)
    .option('--base-url <url>', 'judge server URL (as for score)')
    .option('--effort <level>', 'reasoning effort to check (default: what score would send)')
    .option('--models <file>', 'JSON model entries merged onto the catalogue (as for score)')
    .option('--timeout-ms <ms>', 'request timeout; doctor never retries (default 20000)')
    .option('--threads <n>', 'local judges: CPU threads (as for score)')
    .option('--gpu <backend>', 'local judges: auto, off, cuda, vulkan or metal (as for score)')
    .option('--max-tokens <n>', 'local judges: output-token budget (as for score)')
    .option('--json', 'print the results as JSON')
    .action(async (opts: import('./doctorCommand.ts').DoctorFlags) => setCode(await (await import('./doctorCommand.ts')).doctorCommand(opts, io)));

  program
    .command('compare')
    .description('baseline vs variants of one run (recommendation, intervals, noise), or run A vs run B of the same answer key')
    .argument('<run-dirs...>', 'one or two run folders written by score')
    .option('--rubric <file>', 'JSON overriding parts of the built-in rubric')
    .option('--baseline <prompt>', 'the baseline prompt')
    .option('--json', 'print report.json (one run) or the comparison as JSON (two runs)')
    .action(async (dirs: string[], opts: { rubric?: string; baseline?: string; json?: boolean }) => setCode(await (await import('./compareCommand.ts')).compareCommand(dirs, opts, io)));

  program
    .command('import')
    .description("read the workflow's historical scoring files (results/vNNN-<prompt>-scoring.md) into runs, one per round")
    .argument('<root>', 'a round folder or a workflow root (<perspective>-<target>/ folders, or rounds/)')
    .option('--runs-dir <dir>', 'where imported run folders are written', 'runs')
    .option('--json', 'print the import summary as JSON')
    .action(async (root: string, opts: { runsDir: string; json?: boolean }) => setCode(await (await import('./importCommand.ts')).importCommand(root, opts, io)));

  program
    .command('agree')
    .description("judge agreement: Cohen's κ, weighted κ and confusion matrix of A vs B; with one run, its panel and Fleiss' κ of its votes")
    .argument('<raters...>', 'run folders, folders of runs (e.g. an import), calibration folders, or a labels .tsv (one or two)')
    .option('--limit <n>', 'disagreements listed in the text output', '50')
    .option('--gold <file>', "TSV of adjudicated units (series round prompt run unit verdict note) whose verdicts replace the history's")
    .option('--json', 'print the whole agreement report as JSON')
    .action(async (args: string[], opts: { json?: boolean; limit: string; gold?: string }) => setCode(await (await import('./agreeCommand.ts')).agreeCommand(args, opts, io)));

  judgeOptions(program.command('calibrate'))
    .description("judge a stratified sample of historical reviews and report agreement with the workflow's own scoring")
    .argument('<root>', 'workflow root with historical scoring files')
    .requiredOption('--sample <n>', 'how many reviews to judge (stratified by perspective and verdict)')
    .option('--seed <s>', 'sampling seed (same seed, same sample)', '1')
    .option('--split <part>', 'draw only from this part of the fixed dev/test partition of the history by round (series, round): dev (tune on it) or test (report on it); default all')
    .option('--gold <file>', "TSV of adjudicated units (series round prompt run unit verdict note) whose verdicts replace the history's")
    .action(async (root: string, opts: import('./calibrateCommand.ts').CalibrateFlags) => setCode(await (await import('./calibrateCommand.ts')).calibrateCommand(root, opts, io)));

  program
    .command('compare-judges')
    .description("two calibrations' judges on the units both judged: each one's κ with the history, the paired difference with its interval and test, and the units where they differ")
    .argument('<calibration-a>', 'a calibration folder written by calibrate (or its calibration.json)')
    .argument('<calibration-b>', 'another calibration folder, e.g. calibrate --prompts-dir variant/ on the same --split and --seed')
    .option('--limit <n>', 'differing units listed in the text output', '50')
    .option('--json', 'print the whole comparison as JSON')
    .action(async (a: string, b: string, opts: { json?: boolean; limit: string }) => setCode(await (await import('./compareJudgesCommand.ts')).compareJudgesCommand(a, b, opts, io)));

  program
    .command('quote-check')
    .description('check judge quotes against a review as the evidence check does, and show the closest passage and what differs; --corpus: the regression set\'s rates')
    .argument('[review]', 'review markdown file the quotes should come from')
    .option('--quotes <file>', 'one JSON object {"quote": "..."} per line (default: standard input)')
    .option('--corpus <dir>', 'build the quote regression set from a workflow corpus (e.g. ../shared/corpus) and print its rates')
    .option('--seed <n>', 'seed of the generated probes (with --corpus)')
    .option('--json', 'one JSON object per quote and line (with --corpus: the whole report)')
    .action(async (review: string | undefined, opts: import('./quoteCheckCommand.ts').QuoteCheckFlags) => setCode(await (await import('./quoteCheckCommand.ts')).quoteCheckCommand(review, opts, io)));

  program
    .command('replay')
    .description('recompute runs from the cache with no network and check each verdicts.json is byte-identical')
    .argument('<run-dirs...>', 'run folders written by score (several: each replayed, a summary line at the end)')
    .option('--cache-dir <dir>', 'vote cache (default: the cache beside the run folder)')
    .option('--json', 'print the recomputed verdicts.json (several runs: a JSON array of them)')
    .action(async (dirs: string[], opts: { cacheDir?: string; json?: boolean }) => setCode(await (await import('./replayCommand.ts')).replayCommand(dirs, opts, io)));

  program
    .command('view')
    .description('write <runs-dir>/index.html: each series × round over the nights (trend per prompt, status, recommendation, demoted/unscored, snapshot changes, spend, links to every report.html)')
    .argument('<runs-dir>', 'a runs folder written by score (--runs-dir)')
    .option('--open', 'also open index.html in the default browser')
    .action(async (dir: string, opts: import('./viewCommand.ts').ViewFlags) => setCode(await (await import('./viewCommand.ts')).viewCommand(dir, opts, io)));

  program
    .command('prune')
    .description('remove old run folders (keeping the newest N of every round, never its latest) and the cache entries no kept run refers to')
    .argument('<runs-dir>', 'a runs folder written by score (--runs-dir)')
    .requiredOption('--keep <n>', 'runs to keep per round (at least 1)')
    .option('--cache-dir <dir>', 'vote cache (default: <runs-dir>/cache); do not prune a cache other runs folders share')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .action(async (dir: string, opts: import('./pruneCommand.ts').PruneFlags) => setCode(await (await import('./pruneCommand.ts')).pruneCommand(dir, opts, io)));

  return program;
}

/** Runs the CLI with the given arguments; returns the exit code and never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
      return EXIT.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, io);
  }
}

/** One line per failure, no stack trace; maps errors to exit codes. */
function reportError(e: unknown, io: CliIO): number {
  if (e instanceof CommanderError) {
    // Commander already printed its message; help and version are not failures.
    return e.exitCode === 0 ? EXIT.ok : EXIT.input;
  }
  if (e instanceof InputError) {
    io.stderr(`review-judge: ${e.format()}\n`);
    return EXIT.input;
  }
  const message = e instanceof Error ? e.message : String(e);
  io.stderr(`review-judge: internal error: ${message} (set REVIEW_JUDGE_DEBUG=1 for the stack; please report it)\n`);
  if (io.env.REVIEW_JUDGE_DEBUG && e instanceof Error && e.stack) io.stderr(e.stack + '\n');
  return 4;
}


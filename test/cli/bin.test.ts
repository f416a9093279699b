/**
 * The real executable, spawned as a user runs it (`node bin/review-judge.js`, cwd = repo root):
 * the build in dist/ (`npm test` rebuilds it first), the tsx fallback, the process edge (run.ts)
 * and the exit code reaching the shell. The spawns are started together once and the tests read
 * their results.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../e2e/runCli.ts';
import { REPO } from './cliTestKit.ts';

const BIN = path.join(REPO, 'bin/review-judge.js');
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the bin; resolves with the exit code whatever it is (a timeout rejects). */
function spawnCli(argv: string[], extraEnv: Record<string, string> = {}, bin = BIN): Promise<CliResult> {
  const env = { ...process.env };
  delete env.REVIEW_JUDGE_DEBUG;
  delete env.REVIEW_JUDGE_TSX;
  delete env.NODE_OPTIONS; // vitest's loader options must not leak into the child
  Object.assign(env, extraEnv);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, ...argv], { cwd: REPO, env, timeout: 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && (error.killed || typeof error.code !== 'number')) {
        reject(new Error(`review-judge ${argv.join(' ')} did not exit normally (${error.signal ?? error.code}): ${stderr}`));
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

const RUNS = {
  help: ['--help'],
  version: ['--version'],
  unknown: ['frobnicate'],
  brokenKey: ['key', 'test/fixtures/keys/broken-dup-problem.md'],
} as const;

// Renders every prompt from the bundled templates, so it fails if dist/ resolves prompts/ wrongly; sends nothing.
const DRY_RUN = ['score', 'test/fixtures/round-small', '--round', '1', '--dry-run', '--judge', 'openai:gpt-4.1-mini'];

describe('bin/review-judge.js as a process', () => {
  const results = {} as Record<keyof typeof RUNS, CliResult>;
  let dryRun: CliResult;
  let tsxDryRun: CliResult;
  let tsxVersion: CliResult;
  let noBuildNoTsx: CliResult;
  beforeAll(async () => {
    const entries = Object.entries(RUNS) as Array<[keyof typeof RUNS, readonly string[]]>;
    // A bin alone in an empty folder: no dist/ beside it and no node_modules above it to find tsx in.
    const lone = mkdtempSync(path.join(tmpdir(), 'rj-bin-'));
    mkdirSync(path.join(lone, 'bin'));
    copyFileSync(BIN, path.join(lone, 'bin/review-judge.js'));
    try {
      const done = await Promise.all([
        ...entries.map(([, argv]) => spawnCli([...argv])),
        spawnCli(DRY_RUN),
        spawnCli(DRY_RUN, { REVIEW_JUDGE_TSX: '1' }),
        spawnCli(['--version'], { REVIEW_JUDGE_TSX: '1' }),
        spawnCli(['--version'], {}, path.join(lone, 'bin/review-judge.js')),
      ]);
      entries.forEach(([name], i) => (results[name] = done[i]!));
      [dryRun, tsxDryRun, tsxVersion, noBuildNoTsx] = done.slice(entries.length) as [CliResult, CliResult, CliResult, CliResult];
    } finally {
      rmSync(lone, { recursive: true, force: true });
    }
  }, 60_000);

  it('--help exits 0 and lists the subcommands', () => {
    const r = results.help;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: review-judge');
    for (const cmd of ['key', 'plan', 'score', 'replay']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd} `, 'm'));
  });

  it('--version prints the package.json version', () => {
    expect(results.version.code).toBe(0);
    expect(results.version.stdout.trim()).toBe(VERSION);
  });

  it('an unknown subcommand exits 2', () => {
    const r = results.unknown;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  it('a broken key exits 2 with one line and no stack trace', () => {
    const r = results.brokenKey;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/^\s*at /m);
    expect(r.stderr).toBe(
      "review-judge: test/fixtures/keys/broken-dup-problem.md:14: duplicate problem id P01 (first at line 5); expected each '### Pnn' heading to be unique\n",
    );
  });

  it('the build finds the bundled prompts/ and package.json from dist/', () => {
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toMatch(/^openai:gpt-4\.1-mini\s+12\s+36\s/m);
  });

  it('REVIEW_JUDGE_TSX=1 runs the sources through tsx with the same output', () => {
    expect(tsxVersion.code, tsxVersion.stderr).toBe(0);
    expect(tsxVersion.stdout.trim()).toBe(VERSION);
    expect(tsxDryRun.code, tsxDryRun.stderr).toBe(0);
    expect(tsxDryRun.stdout).toBe(dryRun.stdout);
  });

  it('with neither dist/ nor tsx it says how to build, in one line, exit 2', () => {
    expect(noBuildNoTsx.code).toBe(2);
    expect(noBuildNoTsx.stdout).toBe('');
    expect(noBuildNoTsx.stderr).toBe('review-judge: no build in dist/ and tsx is not installed: run `npm ci` (or `npm run build`) in the review-judge folder\n');
  });
});

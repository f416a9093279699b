/**
 * The real executable, spawned as a user runs it (`node bin/review-judge.js`, cwd = repo root):
 * the tsx loader, the process edge (run.ts) and the exit code reaching the shell. Each spawn costs
 * about a second, so the four are started together once and the tests read their results.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliResult } from '../e2e/runCli.ts';
import { REPO } from './cliTestKit.ts';

const BIN = path.join(REPO, 'bin/review-judge.js');
const VERSION = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs the bin; resolves with the exit code whatever it is (a timeout rejects). */
function spawnCli(argv: string[]): Promise<CliResult> {
  const env = { ...process.env };
  delete env.REVIEW_JUDGE_DEBUG;
  delete env.NODE_OPTIONS; // vitest's loader options must not leak into the child
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...argv], { cwd: REPO, env, timeout: 20_000, encoding: 'utf8' }, (error, stdout, stderr) => {
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

describe('bin/review-judge.js as a process', () => {
  const results = {} as Record<keyof typeof RUNS, CliResult>;
  beforeAll(async () => {
    const entries = Object.entries(RUNS) as Array<[keyof typeof RUNS, readonly string[]]>;
    const done = await Promise.all(entries.map(([, argv]) => spawnCli([...argv])));
    entries.forEach(([name], i) => (results[name] = done[i]!));
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
});

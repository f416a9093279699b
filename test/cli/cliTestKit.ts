/** Shared paths and assertions for the CLI end-to-end tests in this folder. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { CliResult } from '../e2e/runCli.ts';

/** The repository root (where package.json is). */
export const REPO = path.resolve(import.meta.dirname, '../..');
/** The shared workflow corpus, read in place (never copied into the repo). */
export const CORPUS = path.resolve(REPO, '../shared/corpus');

/**
 * A repo-relative path as a user would type it from the repo root. The commands resolve paths
 * against the process's working directory, which is the repo root under vitest; this keeps the
 * arguments short and still correct if vitest is started elsewhere.
 */
export function arg(repoRelative: string): string {
  return path.relative(process.cwd(), path.resolve(REPO, repoRelative)) || '.';
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Lines of a stream, without the final empty one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l, i, all) => !(i === all.length - 1 && l === ''));
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Exit 2, nothing on stdout, exactly one `review-judge: ...` line on stderr and no stack trace. */
export function expectOneLineInputError(r: CliResult, pattern: RegExp): string {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/^\s*at /m);
  expect(r.stderr).not.toContain('internal error');
  const errLines = lines(r.stderr);
  expect(errLines, r.stderr).toHaveLength(1);
  expect(errLines[0]).toMatch(/^review-judge: /);
  expect(errLines[0]).toMatch(pattern);
  return errLines[0]!;
}

/** The JSON `plan --json` prints. */
export interface PlanJson {
  round: number | null;
  key: { path: string; sha256: string; title: string; problems: string[]; bonuses: string[]; warnings: number };
  perspective: { path: string; sha256: string; title: string } | null;
  reviews: Array<{ prompt: string; run: number; path: string; sha256: string; size: number }>;
  refused: Array<{ path: string; reason: string }>;
  units: Array<{ review: { prompt: string; run: number; path: string }; unit: string }>;
}

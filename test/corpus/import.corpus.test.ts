/**
 * Parses every historical scoring file of the corpus and compares the verdicts with labels.tsv row
 * by row (scoring_file, run, problem_id). Prints every difference with both sides and a one-line
 * explanation, and every file that cannot be read with its reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseLabelsTsv, type LabelRow } from '../../src/history/labelsTsv.ts';
import { parseScoringFile, type VerdictEvent } from '../../src/history/parseScoringFile.ts';
import { ScoringFile } from '../../src/history/ScoringFile.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(REPO, '../shared/corpus');
const exists = existsSync(path.join(CORPUS, 'rounds')) && existsSync(path.join(CORPUS, 'labels.tsv'));
if (!exists) console.warn(`corpus absent at ${CORPUS}: scoring-file import corpus tests skipped`);

/** Every `rounds/<target>/results/*-scoring.md`, relative to the corpus root (the form labels.tsv uses). */
function scoringFiles(): string[] {
  const rounds = path.join(CORPUS, 'rounds');
  return readdirSync(rounds)
    .filter((t) => existsSync(path.join(rounds, t, 'results')))
    .sort()
    .flatMap((t) =>
      readdirSync(path.join(rounds, t, 'results'))
        .filter((f) => f.endsWith('-scoring.md'))
        .sort()
        .map((f) => `rounds/${t}/results/${f}`),
    );
}

interface Parsed {
  file: string;
  lines: string[];
  result: ScoringFile | null;
  error: string | null;
}

function parseAll(): Parsed[] {
  return scoringFiles().map((file) => {
    const text = readFileSync(path.join(CORPUS, file), 'utf8');
    try {
      return { file, lines: text.split(/\r?\n/), result: ScoringFile.parse(parseScoringFile(text, file)), error: null };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { file, lines: [], result: null, error: e.format() };
    }
  });
}

/** One-line reason a parsed verdict differs from the label, from where the winning verdict stands. */
function explain(label: LabelRow, parsed: VerdictEvent | undefined, p: Parsed): string {
  if (p.error) return `file unreadable: ${p.error}`;
  if (!parsed) return 'not found: no layout the parser reads gives this run/problem a verdict';
  const source = p.lines[parsed.line - 1] ?? '';
  const report = label.reportMatrixVerdict;
  const side =
    report === parsed.verdict
      ? '; the report matrix agrees with the parse'
      : report === label.verdict
        ? '; the report matrix agrees with the label'
        : '';
  if (!source.trim().startsWith('|')) {
    return `later correction in prose supersedes the matrix table; the label keeps the table${side}`;
  }
  return `a later table supersedes an earlier one; the label keeps a different table${side}`;
}

describe.skipIf(!exists)('scoring-file import against labels.tsv', () => {
  const parsed = exists ? parseAll() : [];
  const labels = exists ? parseLabelsTsv(readFileSync(path.join(CORPUS, 'labels.tsv'), 'utf8'), 'labels.tsv') : [];
  const byFile = new Map(parsed.map((p) => [p.file, p]));

  it('finds every scoring file, and every file labels.tsv names exists', () => {
    expect(parsed.length).toBeGreaterThan(100);
    const missing = [...new Set(labels.map((l) => l.scoringFile))].filter((f) => !byFile.has(f));
    expect(missing).toEqual([]);
  });

  it('lists the files that cannot be read, with the reason', () => {
    const unreadable = parsed.filter((p) => p.error !== null);
    console.log(`unreadable scoring files: ${unreadable.length} of ${parsed.length}`);
    for (const p of unreadable) console.log(`  ${p.error}`);
    // Unreadable files count as misses below; a labelled file that cannot be read at all is a regression.
    const labelled = new Set(labels.map((l) => l.scoringFile));
    expect(unreadable.filter((p) => labelled.has(p.file)).map((p) => p.error)).toEqual([]);
  });

  it('takes round and prompt from every file name as labels.tsv does', () => {
    const wrong = labels.filter((l) => {
      const r = byFile.get(l.scoringFile)?.result;
      return r && (r.round !== l.round || r.prompt !== l.prompt);
    });
    expect(wrong.map((l) => `${l.scoringFile}:${l.line}`)).toEqual([]);
  });

  it('reproduces at least 99% of labels.tsv verdicts, and explains every difference', () => {
    let matched = 0;
    const diffs: string[] = [];
    for (const label of labels) {
      const p = byFile.get(label.scoringFile)!;
      const v = p.result?.verdicts.find((x) => x.run === label.run && x.problem === label.problemId);
      if (v && v.verdict === label.verdict) {
        matched++;
        continue;
      }
      const where = v ? `parsed ${v.verdict} at line ${v.line}: ${JSON.stringify((p.lines[v.line - 1] ?? '').trim().slice(0, 90))}` : 'parsed none';
      diffs.push(
        `${label.scoringFile} run ${label.run} ${label.problemId}: label ${label.verdict} (labels.tsv:${label.line}, report matrix ${label.reportMatrixVerdict ?? '-'}) | ${where}\n    → ${explain(label, v, p)}`,
      );
    }
    const rate = matched / labels.length;
    console.log(`labels.tsv reproduced: ${matched}/${labels.length} (${(rate * 100).toFixed(2)}%), ${diffs.length} differences`);
    for (const d of diffs) console.log(`  ${d}`);
    expect(labels.length).toBe(2812);
    expect(rate).toBeGreaterThanOrEqual(0.99);
  });

  it('finds no verdicts beyond what labels.tsv lists (no stray runs or problems)', () => {
    const labelled = new Set(labels.map((l) => `${l.scoringFile}|${l.run}|${l.problemId}`));
    const extra = parsed.flatMap((p) =>
      (p.result?.verdicts ?? []).filter((v) => !labelled.has(`${p.file}|${v.run}|${v.problem}`)).map((v) => `${p.file}:${v.line} run ${v.run} ${v.problem}`),
    );
    for (const e of extra) console.log(`  extra verdict: ${e}`);
    expect(extra).toEqual([]);
  });

  it('reads stated bonus and penalty counts for most runs (best effort; reported, not asserted per run)', () => {
    const runs = parsed.flatMap((p) => (p.result ? [...new Set(p.result.verdicts.map((v) => v.run))].map((run) => ({ p: p.result!, run })) : []));
    const withBonus = runs.filter(({ p, run }) => p.bonusCounts[run] !== undefined).length;
    const withPenalty = runs.filter(({ p, run }) => p.penaltyCounts[run] !== undefined).length;
    console.log(`bonus counts read for ${withBonus}/${runs.length} runs, penalty counts for ${withPenalty}/${runs.length}`);
    for (const { p, run } of runs) {
      for (const n of [p.bonusCounts[run], p.penaltyCounts[run]]) if (n !== undefined) expect(Number.isInteger(n) && n >= 0 && n <= 30).toBe(true);
    }
    expect(withBonus / runs.length).toBeGreaterThan(0.8);
    expect(withPenalty / runs.length).toBeGreaterThan(0.8);
  });
});

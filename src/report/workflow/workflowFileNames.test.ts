import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPARISON_FILE_PATTERN, comparisonFileName, parseScoringFileName, promptVersionName, scoringFileName } from './workflowFileNames.ts';

/** The pattern the workflow's later phases and importers use (CORPUS.md), written out here, not imported. */
const WORKFLOW_PATTERN = /v(\d{3})-(.+)-scoring\.md/;

describe('workflow file names', () => {
  it('names files as SKILL.md does', () => {
    expect(scoringFileName(6, 'baseline')).toBe('v006-baseline-scoring.md');
    expect(comparisonFileName(6)).toBe('round-006-comparison.md');
    expect(promptVersionName(12, 'variant-retry')).toBe('v012-variant-retry');
    expect(scoringFileName(1, 'b')).toBe('v001-b-scoring.md');
    expect(comparisonFileName(999)).toBe('round-999-comparison.md');
  });

  it.each(['baseline', 'variant-retry', 'variant-cot-steps', 'v2-min', 'variant-scoring', 'a-scoring-scoring', 'ベースライン'])(
    'round and prompt %s read back with the workflow pattern',
    (prompt) => {
      const name = scoringFileName(17, prompt);
      const m = WORKFLOW_PATTERN.exec(name);
      expect(m?.[1]).toBe('017');
      expect(m?.[2]).toBe(prompt);
      expect(parseScoringFileName(name)).toEqual({ round: 17, prompt });
    },
  );

  it('comparison names match round-NNN-comparison.md', () => {
    expect(COMPARISON_FILE_PATTERN.exec(comparisonFileName(6))?.[1]).toBe('006');
  });

  it.each([0, -1, 1000, 1.5, Number.NaN])('refuses round %s (NNN has three digits)', (round) => {
    expect(() => scoringFileName(round, 'baseline')).toThrow(RangeError);
    expect(() => comparisonFileName(round)).toThrow(/1 to 999/);
  });

  it.each(['', 'a/b', 'a\\b', 'a\nb', 'a\tb'])('refuses prompt name %j', (prompt) => {
    expect(() => scoringFileName(6, prompt)).toThrow(RangeError);
  });

  it('takes a prompt name with a space, as the file system does', () => {
    expect(scoringFileName(6, 'base line')).toBe('v006-base line-scoring.md');
    expect(parseScoringFileName('v006-base line-scoring.md')).toEqual({ round: 6, prompt: 'base line' });
  });

  it('parses only workflow scoring names', () => {
    expect(parseScoringFileName('v006-baseline-run1.md')).toBeNull();
    expect(parseScoringFileName('round-006-comparison.md')).toBeNull();
  });
});

const CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus/rounds');
const hasCorpus = existsSync(CORPUS);
if (!hasCorpus) console.warn(`corpus absent at ${CORPUS}: the corpus file-name test is skipped`);

describe.skipIf(!hasCorpus)('workflow file names in the corpus', () => {
  const names = (sub: string, re: RegExp) =>
    hasCorpus ? readdirSync(CORPUS).flatMap((t) => (existsSync(path.join(CORPUS, t, sub)) ? readdirSync(path.join(CORPUS, t, sub)) : []).filter((f) => re.test(f))) : [];

  it('every real scoring file name is what scoringFileName writes for its round and prompt', () => {
    const files = names('results', /-scoring\.md$/);
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const parsed = parseScoringFileName(f);
      expect(parsed, f).not.toBeNull();
      expect(scoringFileName(parsed!.round, parsed!.prompt)).toBe(f);
    }
  });

  it('every real comparison report name is what comparisonFileName writes', () => {
    const files = names('reports', /comparison\.md$/);
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) expect(comparisonFileName(Number(COMPARISON_FILE_PATTERN.exec(f)?.[1]))).toBe(f);
  });
});

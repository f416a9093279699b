import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAnswerKey } from './parseAnswerKey.ts';
import { mediumReading, severityLevel } from './severity.ts';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/keys/', import.meta.url));
const levels = (name: string) =>
  parseAnswerKey(readFileSync(FIXTURES + name, 'utf8'), name).problems.map((p) => [p.severity.raw, p.severity.level]);

describe('severity scales, per file', () => {
  it.each([
    ['ja-basic.md', [['重大', 'critical'], ['中', 'major'], ['軽微', 'minor']]],
    ['en-variants.md', [['Critical', 'critical'], ['Significant', 'major'], ['Moderate', 'minor']]],
    // Critical/High/Medium/Low: High holds the major rung, so Medium is minor.
    ['scale-high.md', [['Critical', 'critical'], ['High', 'major'], ['Medium', 'minor'], ['Low', 'minor']]],
    // Critical/Medium/Minor and Major/Medium/Minor: Medium is the middle rung.
    ['scale-three.md', [['Critical', 'critical'], ['Medium', 'major'], ['Minor', 'minor']]],
    ['scale-major.md', [['Major', 'major'], ['Medium', 'major'], ['Minor', 'minor']]],
    // Critical/Significant/Medium/Minor: Significant holds the major rung, so Medium is minor.
    ['scale-significant.md', [['Critical', 'critical'], ['Significant', 'major'], ['Medium', 'minor'], ['Minor', 'minor']]],
    ['scale-bilingual.md', [['重大 (Critical)', 'critical'], ['Medium (中)', 'major'], ['Low (軽微)', 'minor'], ['Urgent', null]]],
  ])('%s', (name, expected) => {
    expect(levels(name)).toEqual(expected);
  });

  it('warns about an unknown severity at its problem heading', () => {
    const key = parseAnswerKey(readFileSync(FIXTURES + 'scale-bilingual.md', 'utf8'), 'b.md');
    expect(key.warnings).toEqual([{ line: 40, message: expect.stringMatching(/^P04: severity 'Urgent' is not a known level/) }]);
  });
});

describe('severityLevel', () => {
  it.each([
    ['Critical (重大)', 'major', 'critical'],
    ['中 (Medium)', 'minor', 'major'],
    ['ＨＩＧＨ', 'major', 'major'],
    ['**Minor**', 'major', 'minor'],
    ['Medium', 'minor', 'minor'],
    ['Medium', 'major', 'major'],
    ['', 'major', null],
    ['P1', 'major', null],
  ] as const)('%s (Medium read as %s) → %s', (raw, medium, level) => {
    expect(severityLevel(raw, medium)).toBe(level);
  });

  it('reads Medium as minor only when High or Significant is also in use', () => {
    expect(mediumReading(['Critical', 'High', 'Medium'])).toBe('minor');
    expect(mediumReading(['Critical', 'Significant', 'Medium'])).toBe('minor');
    expect(mediumReading(['Critical', 'Medium', 'Low'])).toBe('major');
    expect(mediumReading(['重大', '中', '軽微'])).toBe('major');
  });
});

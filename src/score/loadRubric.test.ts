/** parseRubricOverride: partial JSON merged onto the default, bad fields named with the file. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { parseRubricOverride } from './loadRubric.ts';
import { DEFAULT_RUBRIC } from '../types/Rubric.ts';

const FILE = 'rubric.json';

/** The InputError thrown for `json`, formatted as the user sees it. */
function failure(json: unknown): string {
  try {
    parseRubricOverride(json, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).format();
  }
  throw new Error('expected an InputError');
}

describe('parseRubricOverride', () => {
  it('an empty override is the default rubric', () => {
    expect(parseRubricOverride({}, FILE)).toEqual(DEFAULT_RUBRIC);
  });

  it('deep-merges: one nested field changes, its siblings stay', () => {
    const r = parseRubricOverride({ bonus: { maxCount: 3 }, sd: 'sample', points: { '△': 0.25 } }, FILE);
    expect(r).toEqual({ ...DEFAULT_RUBRIC, bonus: { points: 0.5, maxCount: 3 }, sd: 'sample', points: { '○': 1, '△': 0.25, '×': 0 } });
  });

  it('accepts null and a number for penalty.maxCount', () => {
    expect(parseRubricOverride({ penalty: { maxCount: 4 } }, FILE).penalty).toEqual({ points: 0.5, maxCount: 4 });
    expect(parseRubricOverride({ penalty: { maxCount: null } }, FILE).penalty.maxCount).toBeNull();
  });

  it('does not modify DEFAULT_RUBRIC', () => {
    parseRubricOverride({ stability: { high: 0.25 } }, FILE);
    expect(DEFAULT_RUBRIC.stability.high).toBe(0.5);
  });

  it.each([
    [[], 'rubric.json: rubric override must be a JSON object, got an array'],
    [null, 'rubric.json: rubric override must be a JSON object, got null'],
    ['x', 'rubric.json: rubric override must be a JSON object, got string'],
  ])('refuses a non-object %j', (json, message) => {
    expect(failure(json)).toBe(message);
  });

  it.each([
    [{ bonus: { maxCount: -1 } }, /rubric\.json: bad rubric override: bonus\.maxCount: /],
    [{ bonus: { maxCount: 2.5 } }, /bonus\.maxCount: /],
    [{ sd: 'median' }, /sd: /],
    [{ points: { '○': 'one' } }, /points\.○: /],
    [{ bonus: 5 }, /bonus: /],
    [{ stabilty: { high: 1 } }, /unknown field stabilty/],
    [{ penalty: { max: 3 } }, /unknown field penalty\.max/],
    [{ penalty: { maxCount: 0 } }, /penalty\.maxCount: /],
    [{ stability: { high: 2 } }, /stability\.high: must be ≤ stability\.medium \(1\), got 2/],
    [{ recommendation: { minor: 1.5 } }, /recommendation\.minor: must be ≤ recommendation\.clear \(1\), got 1\.5/],
  ])('names the bad field of %j', (json, message) => {
    expect(failure(json)).toMatch(message);
  });
});

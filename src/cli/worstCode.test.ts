import { describe, expect, it } from 'vitest';
import { EXIT } from './CliIO.ts';
import { worstCode } from './scoreCommand.ts';

describe('worstCode: which exit wins over several rounds (README "Exit codes")', () => {
  it.each<[string, number[], number]>([
    ['no rounds', [], EXIT.ok],
    ['all ok', [0, 0, 0], EXIT.ok],
    ['unscored beats ok', [0, 1, 0], EXIT.unscored],
    ['a threshold beats unscored', [1, 3, 0], EXIT.threshold],
    ['an input error beats everything', [3, 1, 2, 0], EXIT.input],
  ])('%s', (_name, codes, expected) => {
    expect(worstCode(codes)).toBe(expected);
  });
});

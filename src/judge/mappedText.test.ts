import { describe, expect, it } from 'vitest';
import { identityMapped, mapClusters, mapClustersText, originalSpan, rewrite, rewriteText, sameLength, type Piece } from './mappedText.ts';

const spans = (original: string, t: ReturnType<typeof identityMapped>) => Array.from(t.text, (_, i) => original.slice(t.starts[i], t.ends[i]));

describe('rewrite', () => {
  it.each<[string, string, RegExp, (m: RegExpExecArray) => readonly Piece[], string, string[]]>([
    ['delete', 'a**b**c', /\*+/g, () => [], 'abc', ['a', 'b', 'c']],
    ['replace maps to the whole match', 'x->y', /->/g, () => ['→'], 'x→y', ['x', '->', 'y']],
    ['keep a group', '[t](u)!', /\[(\w)\]\(\w\)/dg, (m) => [{ keep: m.indices![1]![0] - m.index, length: 1 }], 't!', ['t', '!']],
    ['empty matches are skipped', 'ab', /x*/g, () => ['!'], 'ab', ['a', 'b']],
  ])('%s', (_name, text, re, replace, expected, sources) => {
    const t = rewrite(identityMapped(text), re, replace);
    expect(t.text).toBe(expected);
    expect(spans(text, t)).toEqual(sources);
    expect(rewriteText(text, re, replace)).toBe(expected);
  });

  it('steps over an emoji after an empty match (a u regular expression would back up into it and loop)', () => {
    expect(rewrite(identityMapped('😀a\n😀'), /^|z/gmu, () => ['!']).text).toBe('😀a\n😀');
    expect(rewriteText('😀a\n😀', /^[ \t]*/gmu, () => ['!'])).toBe('😀a\n😀');
  });

  it('composes: offsets go back to the first original', () => {
    const original = 'AB -> CD';
    let t = rewrite(identityMapped(original), /->/g, () => ['→']);
    t = rewrite(t, / /g, () => []);
    expect(t.text).toBe('AB→CD');
    expect(originalSpan(t, 2, 4)).toEqual({ start: 3, end: 7 });
  });

  it('refuses a regular expression without the g flag', () => {
    expect(() => rewrite(identityMapped('a'), /a/, () => [])).toThrow(TypeError);
    expect(() => rewriteText('a', /a/, () => [])).toThrow(TypeError);
  });
});

describe('mapClusters and sameLength', () => {
  const end = (text: string, at: number) => at + (text[at + 1] === '\u0301' ? 2 : 1);
  it('maps each replaced cluster to its span and copies the rest', () => {
    const text = 'ae\u0301b';
    const t = mapClusters(identityMapped(text), end, (c) => c.normalize('NFC').toUpperCase());
    expect(t.text).toBe('AÉB');
    expect(spans(text, t)).toEqual(['a', 'e\u0301', 'b']);
    expect(mapClustersText(text, end, (c) => c.normalize('NFC').toUpperCase())).toBe('AÉB');
  });

  it('keeps the maps for a same-length text and refuses another length', () => {
    const t = identityMapped('AB');
    expect(sameLength(t, 'ab')).toEqual({ text: 'ab', starts: t.starts, ends: t.ends });
    expect(sameLength(t, 'abc')).toBeNull();
  });
});

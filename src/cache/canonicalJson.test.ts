import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonByWriter, sha256Hex } from './canonicalJson.ts';
import { mulberry32 } from '../score/prng.ts';

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['null', null, 'null'],
    ['booleans', [true, false], '[true,false]'],
    ['numbers', [0, -0, 1.5, -2, 1e21, 1e-7], '[0,0,1.5,-2,1e+21,1e-7]'],
    ['string escapes', 'a"b\\c\n\u0001', '"a\\"b\\\\c\\n\\u0001"'],
    ['non-ASCII kept as is', 'キャッシュ ✓', '"キャッシュ ✓"'],
    ['keys sorted', { b: 1, a: 2, c: 3 }, '{"a":2,"b":1,"c":3}'],
    ['keys sorted by code unit', { é: 1, z: 2, Z: 3, a: 4 }, '{"Z":3,"a":4,"z":2,"é":1}'],
    ['nested keys sorted', { z: { y: 1, x: [{ b: 1, a: 2 }] }, a: null }, '{"a":null,"z":{"x":[{"a":2,"b":1}],"y":1}}'],
    ['array order kept', [3, 1, 2], '[3,1,2]'],
    ['undefined property dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['empty containers', { a: {}, b: [] }, '{"a":{},"b":[]}'],
    ['null-prototype object', Object.assign(Object.create(null) as object, { b: 1, a: 2 }), '{"a":2,"b":1}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it.each<[string, unknown, string]>([
    ['integer-like keys sorted by code unit, not numerically', { 10: 'a', 2: 'b', x: 'c' }, '{"10":"a","2":"b","x":"c"}'],
    ['integer-like keys nested', { p: { 1: 1, 0: 0, '01': 2 } }, '{"p":{"0":0,"01":2,"1":1}}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('the fast path gives the writer\'s bytes on random bodies (keys, escapes, non-ASCII, integer-like keys)', () => {
    const rand = mulberry32(20261201);
    const alphabet = ['a', 'Z', 'é', 'キ', '"', '\\', '\n', '\u0001', '😀', '1', '0', '_', ' '];
    const word = (n: number) => Array.from({ length: 1 + Math.floor(rand() * n) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const gen = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.3) return [word(8), Math.floor(rand() * 1e6) / 100, rand() < 0.5, null, -0][Math.floor(rand() * 5)];
      if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => gen(depth + 1));
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--) o[rand() < 0.2 ? String(Math.floor(rand() * 20)) : word(4)] = rand() < 0.1 ? undefined : gen(depth + 1);
      return o;
    };
    for (let i = 0; i < 500; i++) {
      const v = gen(0);
      expect(canonicalJson(v)).toBe(canonicalJsonByWriter(v));
    }
  });

  it('does not depend on property insertion order', () => {
    const a = { model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 0 };
    const b = { temperature: 0, messages: [{ content: 'x', role: 'user' }], model: 'm' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('parses back to the same value', () => {
    const value = { b: [1, 'two', { d: null, c: false }], a: 'é' };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;

  it.each<[string, unknown, RegExp]>([
    ['NaN', NaN, /NaN at \$/],
    ['Infinity', { a: Infinity }, /Infinity at \$\.a/],
    ['-Infinity in an array', [1, -Infinity], /-Infinity at \$\[1\]/],
    ['undefined at the top', undefined, /undefined at \$/],
    ['undefined in an array', [1, undefined], /undefined at \$\[1\]/],
    ['a function', { f: () => 1 }, /function at \$\.f/],
    ['a symbol', Symbol('s'), /symbol/],
    ['a bigint', 1n, /bigint/],
    ['a Date', new Date(0), /Date at \$ is not a plain object/],
    ['a Map', { m: new Map() }, /Map at \$\.m/],
    ['a cycle', cyclic, /circular reference at \$\.self/],
  ])('rejects %s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });
});

describe('sha256Hex', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['日本', 'cf2abf0c5be326cb922a70f8163f91079c4d9aa8655c60ead89ad545c9de2e92'],
  ])('%j', (input, expected) => {
    expect(sha256Hex(input)).toBe(expected);
  });
});

/**
 * Deterministic JSON for hashing: the same value always yields the same bytes, whatever the
 * property insertion order. Anything JSON.stringify would silently alter (NaN → null, a Map
 * → {}, a Date → string) is refused instead, because a silently altered key input is how two
 * different requests end up sharing one cache entry.
 */
import { createHash } from 'node:crypto';

/** Canonical JSON: keys sorted recursively (by UTF-16 code unit), no whitespace, `undefined` properties dropped. */
export function canonicalJson(value: unknown): string {
  // Fast path: a key-sorted copy (strings shared, not copied) serialised by the native JSON.stringify,
  // which escapes a long review about twice as fast as one JSON.stringify per value joined in JS.
  // Engines order integer-like keys numerically whatever the insertion order, so those take the
  // writer below; both give the same bytes (a test compares them).
  const state = { integerKeys: false };
  const copy = sortedCopy(value, '$', new Set(), state);
  return state.integerKeys ? write(value, '$', new Set()) : JSON.stringify(copy);
}

/** The canonical JSON by the explicit writer alone (the reference the fast path is checked against). */
export function canonicalJsonByWriter(value: unknown): string {
  return write(value, '$', new Set());
}

const INTEGER_KEY = /^\d+$/;

/** A deep copy with every object's keys inserted in sorted order, refusing what has no JSON form (same messages as the writer). */
function sortedCopy(value: unknown, path: string, ancestors: Set<object>, state: { integerKeys: boolean }): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} at ${path} has no JSON form`);
      return value;
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} at ${path} has no JSON form`);
  }
  const obj = value as object;
  if (ancestors.has(obj)) throw new TypeError(`canonicalJson: circular reference at ${path}`);
  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) {
      return obj.map((item: unknown, i) => {
        if (item === undefined) throw new TypeError(`canonicalJson: undefined at ${path}[${i}]`);
        return sortedCopy(item, `${path}[${i}]`, ancestors, state);
      });
    }
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new TypeError(`canonicalJson: a ${name} at ${path} is not a plain object`);
    }
    const record = obj as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(record).sort()) {
      if (record[k] === undefined) continue;
      if (INTEGER_KEY.test(k)) state.integerKeys = true;
      out[k] = sortedCopy(record[k], `${path}.${k}`, ancestors, state);
    }
    return out;
  } finally {
    ancestors.delete(obj);
  }
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} at ${path} has no JSON form`);
      return JSON.stringify(value); // -0 prints as 0, as in JSON.stringify
    case 'object':
      return writeObject(value, path, ancestors);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} at ${path} has no JSON form`);
  }
}

function writeObject(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new TypeError(`canonicalJson: circular reference at ${path}`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      // An `undefined` element would become null in JSON.stringify: ambiguous, so refuse it.
      const items = value.map((item: unknown, i) => {
        if (item === undefined) throw new TypeError(`canonicalJson: undefined at ${path}[${i}]`);
        return write(item, `${path}[${i}]`, ancestors);
      });
      return `[${items.join(',')}]`;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new TypeError(`canonicalJson: a ${name} at ${path} is not a plain object`);
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${write(record[k], `${path}.${k}`, ancestors)}`);
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

/** SHA-256 of the UTF-8 bytes of a string, as 64 lowercase hex digits. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

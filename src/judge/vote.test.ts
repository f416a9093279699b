import { describe, expect, it } from 'vitest';
import {
  decideVerdict,
  isDecided,
  majorityThreshold,
  tallyUnit,
  votesToRequest,
  type Verdict,
  type Vote,
} from './vote.ts';

const U = { unscored: true } as const;
const v = (verdict: Verdict): Vote => ({ verdict });
const votes = (s: string): Vote[] => [...s].map((c) => (c === 'U' ? U : v(c as Verdict)));
const verdicts = (s: string): Verdict[] => [...s] as Verdict[];

describe('decideVerdict', () => {
  // `votes→verdict`; ties take the lower median of the tied verdicts sorted × < △ < ○.
  const plurality = ['○→○', '△→△', '×→×', '○○×→○', '×△×→×', '△△○○○→○'];
  const ties = ['○×→×', '○△→△', '△×→×', '○△×→△', '○○××→×', '○○△△×→△', '○○△△××→△', '○○××△→×', '△△××○→×', '○○△△×××→×'];
  it.each([...plurality, ...ties].map((row) => row.split('→')))('%s → %s', (input, expected) => {
    expect(decideVerdict(verdicts(input!))).toBe(expected);
  });

  it('does not depend on vote order', () => {
    for (const seq of sequences(['○', '△', '×'], 4)) {
      const sorted = [...seq].sort();
      expect(decideVerdict(seq as Verdict[])).toBe(decideVerdict(sorted as Verdict[]));
    }
  });

  it.each([[[]], [['x']]])('rejects %j', (input) => {
    expect(() => decideVerdict(input as Verdict[])).toThrow();
  });
});

describe('tallyUnit', () => {
  it.each([
    // votes, k, expected
    ['○○×', 3, { status: 'scored', verdict: '○', agreement: 0.6667, valid: 3, unscored: 0 }],
    ['○○', 3, { status: 'scored', verdict: '○', agreement: 1, valid: 2, unscored: 0 }],
    ['○×U', 3, { status: 'scored', verdict: '×', agreement: 0.5, valid: 2, unscored: 1 }],
    ['○UU', 3, { status: 'unscored', reason: 'only 1 of 3 votes valid', valid: 1, unscored: 2 }],
    ['UUU', 3, { status: 'unscored', reason: 'only 0 of 3 votes valid', valid: 0, unscored: 3 }],
    ['△', 1, { status: 'scored', verdict: '△', agreement: 1, valid: 1, unscored: 0 }],
    ['U', 1, { status: 'unscored', reason: 'only 0 of 1 votes valid', valid: 0, unscored: 1 }],
    ['○○UU', 4, { status: 'unscored', reason: 'only 2 of 4 votes valid', valid: 2, unscored: 2 }],
    ['○○○U', 4, { status: 'scored', verdict: '○', agreement: 1, valid: 3, unscored: 1 }],
    ['○○○△×', 5, { status: 'scored', verdict: '○', agreement: 0.6, valid: 5, unscored: 0 }],
    ['○○△△××', 7, { status: 'scored', verdict: '△', agreement: 0.3333, valid: 6, unscored: 0 }],
    ['○○△△△△U', 7, { status: 'scored', verdict: '△', agreement: 0.6667, valid: 6, unscored: 1 }],
  ])('%s with k=%i', (input, k, expected) => {
    expect(tallyUnit(votes(input), k)).toEqual(expected);
  });

  it.each([
    ['○○○○', 3],
    ['○', 0],
    ['○', 100],
    ['○', 2.5],
  ])('rejects %s with k=%s', (input, k) => {
    expect(() => tallyUnit(votes(input), k)).toThrow(RangeError);
  });
});

describe('majorityThreshold', () => {
  it.each([
    [1, 1], [2, 2], [3, 2],
    [4, 3], [5, 3], [15, 8],
  ])('k=%i → %i', (k, expected) => {
    expect(majorityThreshold(k)).toBe(expected);
  });
});

describe('isDecided', () => {
  it.each([
    ['', 3, 3, false], ['○', 2, 3, false], ['○○', 1, 3, true],
    ['○×', 1, 3, false], ['○○×', 0, 3, true],
    ['○×', 0, 3, true], // all cast (one failed): the tie rule decides
    ['○', 0, 3, false], // all cast but no majority valid: unscored, not a verdict
    ['', 0, 1, false], ['×', 0, 1, true], ['○○', 3, 5, false],
    ['○○○', 2, 5, true],
    ['○○△', 2, 5, false], // ×× would make a ○/× tie → ×
    ['△△△', 2, 5, true],
    ['○○○○', 4, 8, false], // 4 < threshold 5
    ['○○○○○', 3, 8, true],
    ['○○○○△', 3, 8, false], // △△△ would tie ○ at 4 → △
    ['○○○○○△', 2, 8, true],
    ['○○○○○', 3, 9, true], // one failed: ○ at 5 beats any 3 more
  ])('%s with %i remaining, k=%i → %s', (cast, remaining, k, expected) => {
    expect(isDecided(verdicts(cast), remaining, k)).toBe(expected);
  });

  it.each([
    ['○○', 2, 3], ['', -1, 3], ['', 1.5, 3],
  ])('rejects %s with %s remaining, k=%i', (cast, remaining, k) => {
    expect(() => isDecided(verdicts(cast), remaining, k)).toThrow(RangeError);
  });
});

describe('votesToRequest', () => {
  it.each([
    ['', 0, 3, 2], ['○', 0, 3, 1], ['○○', 0, 3, 0],
    ['○×', 0, 3, 1], ['○○×', 0, 3, 0], ['', 1, 3, 2],
    ['○', 1, 3, 1],
    ['', 2, 3, 0], // majority out of reach: stop, the unit is unscored
    ['○', 2, 3, 0], ['', 0, 1, 1], ['', 0, 4, 3],
    ['', 0, 5, 3],
    ['○△×', 0, 5, 1], // one more × decides: any fifth vote leaves × ahead or tied at the bottom
    ['', 0, 15, 8], ['', 0, 99, 50],
  ])('%s cast, %i failed, k=%i → %i', (cast, failed, k, expected) => {
    expect(votesToRequest(verdicts(cast), failed, k)).toBe(expected);
  });

  it.each([
    ['○○', 2, 3], ['', -1, 3],
  ])('rejects %s cast, %s failed, k=%i', (cast, failed, k) => {
    expect(() => votesToRequest(verdicts(cast), failed, k)).toThrow(RangeError);
  });
});

// ---- exhaustive properties for small k -------------------------------------------------

type Cast = Verdict | 'U';
const SYMBOLS: Cast[] = ['○', '△', '×', 'U'];

function* sequences<T>(alphabet: T[], length: number): Generator<T[]> {
  if (length === 0) {
    yield [];
    return;
  }
  for (const head of alphabet) for (const tail of sequences(alphabet, length - 1)) yield [head, ...tail];
}

const validOf = (seq: Cast[]): Verdict[] => seq.filter((c): c is Verdict => c !== 'U');
const toVotes = (seq: Cast[]): Vote[] => seq.map((c) => (c === 'U' ? U : v(c)));
const outcome = (seq: Cast[], k: number) => {
  const t = tallyUnit(toVotes(seq), k);
  return t.status === 'scored' ? t.verdict : 'unscored';
};

/** Reference written independently of vote.ts: enumerate every continuation as a sequence. */
function bruteDecided(valid: Verdict[], remaining: number, k: number): boolean {
  if (valid.length < Math.floor(k / 2) + 1) return false;
  const now = decideVerdict(valid);
  for (const rest of sequences(SYMBOLS, remaining)) {
    if (decideVerdict([...valid, ...validOf(rest)]) !== now) return false;
  }
  return true;
}

describe.each([1, 2, 3, 4, 5, 6])('every vote sequence with k=%i', (k) => {
  const all = [...sequences(SYMBOLS, k)];
  const prefixes = Array.from({ length: k + 1 }, (_, j) => [...sequences(SYMBOLS, j)]).flat();

  it('isDecided agrees with brute force over every continuation', () => {
    for (const prefix of prefixes) {
      const valid = validOf(prefix);
      const remaining = k - prefix.length;
      expect(isDecided(valid, remaining, k), prefix.join('')).toBe(bruteDecided(valid, remaining, k));
    }
  });

  it('stopping when decided gives the verdict of casting all k, for every continuation', () => {
    // Every continuation of every prefix is itself one of `all`, so this covers them all.
    for (const seq of all) {
      for (let j = 0; j <= k; j++) {
        const prefix = seq.slice(0, j);
        if (!isDecided(validOf(prefix), k - j, k)) continue;
        expect(outcome(prefix, k), `${prefix.join('')} then ${seq.slice(j).join('')}`).toBe(outcome(seq, k));
      }
    }
  });

  it('requesting votesToRequest in batches until 0 gives the outcome of casting all k', () => {
    for (const seq of all) {
      let cast = 0;
      for (;;) {
        const prefix = seq.slice(0, cast);
        const n = votesToRequest(validOf(prefix), prefix.length - validOf(prefix).length, k);
        if (n === 0) break;
        expect(cast + n).toBeLessThanOrEqual(k);
        cast += n;
      }
      expect(outcome(seq.slice(0, cast), k), seq.join('')).toBe(outcome(seq, k));
    }
  });

  it('votesToRequest is the fewest votes after which a decision is possible', () => {
    for (const prefix of prefixes) {
      const valid = validOf(prefix);
      const remaining = k - prefix.length;
      const n = votesToRequest(valid, prefix.length - valid.length, k);
      const reachableWith = (m: number) =>
        [...sequences(SYMBOLS, m)].some((more) => bruteDecided([...valid, ...validOf(more)], remaining - m, k));
      if (n === 0) {
        const hopeless = valid.length + remaining < Math.floor(k / 2) + 1;
        expect(hopeless || bruteDecided(valid, remaining, k), prefix.join('')).toBe(true);
        continue;
      }
      expect(reachableWith(n), prefix.join('')).toBe(true);
      for (let m = 0; m < n; m++) expect(reachableWith(m), `${prefix.join('')} +${m}`).toBe(false);
    }
  });
});

// ---- larger k: compare with a brute force over vote counts ------------------------------

type Tally = [number, number, number]; // ×, △, ○

const fromCounts = ([x, p, o]: Tally): Verdict[] => [
  ...Array<Verdict>(x).fill('×'),
  ...Array<Verdict>(p).fill('△'),
  ...Array<Verdict>(o).fill('○'),
];

/** Every (×, △, ○) split of at most n votes; the rest fail. */
function* splits(n: number): Generator<Tally> {
  for (let x = 0; x <= n; x++) for (let p = 0; x + p <= n; p++) for (let o = 0; x + p + o <= n; o++) yield [x, p, o];
}

const add = (a: Tally, b: Tally): Tally => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];

function countsDecided(c: Tally, remaining: number, k: number): boolean {
  if (c[0] + c[1] + c[2] < Math.floor(k / 2) + 1) return false;
  const now = decideVerdict(fromCounts(c));
  for (const more of splits(remaining)) if (decideVerdict(fromCounts(add(c, more))) !== now) return false;
  return true;
}

function countsToRequest(c: Tally, failed: number, k: number): number {
  const remaining = k - c[0] - c[1] - c[2] - failed;
  if (c[0] + c[1] + c[2] + remaining < Math.floor(k / 2) + 1) return 0;
  for (let m = 0; m <= remaining; m++) {
    for (const more of splits(m)) if (countsDecided(add(c, more), remaining - m, k)) return m;
  }
  throw new Error('unreachable');
}

function* states(k: number): Generator<{ c: Tally; failed: number }> {
  for (const c of splits(k)) for (let failed = 0; c[0] + c[1] + c[2] + failed <= k; failed++) yield { c, failed };
}

describe.each([7, 8, 9, 10, 15])('every vote count with k=%i', (k) => {
  it('isDecided agrees with brute force over counts', () => {
    for (const { c, failed } of states(k)) {
      const remaining = k - c[0] - c[1] - c[2] - failed;
      expect(isDecided(fromCounts(c), remaining, k), `${c} failed ${failed}`).toBe(countsDecided(c, remaining, k));
    }
  });

});

describe.each([7, 8, 9, 10])('every vote count with k=%i', (k) => {
  it('votesToRequest agrees with brute force over counts', () => {
    for (const { c, failed } of states(k)) {
      expect(votesToRequest(fromCounts(c), failed, k), `${c} failed ${failed}`).toBe(countsToRequest(c, failed, k));
    }
  });
});

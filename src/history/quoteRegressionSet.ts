/**
 * The quote check's regression set, built from the workflow corpus: every quote historical graders
 * wrote in the scoring files, paired with its run file and classified; the hand-written faithful
 * variants; generated faithful rewrites and generated alterations of every run file (seeded, so
 * the same corpus gives the same set). Reads files; the rest is pure.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { MAX_FRAGMENT_GAP } from '../judge/evidence.ts';
import { mulberry32 } from '../score/prng.ts';
import { faithfulRewrites } from './faithfulRewrites.ts';
import { findHistory } from './findHistory.ts';
import { EN_EXCERPT, HAND_WRITTEN_QUOTES, JA_EXCERPT } from './handWrittenQuotes.ts';
import { historicalQuotes } from './historicalQuotes.ts';
import type { AlterationKind, FaithfulKind, QuoteProbe } from './QuoteProbe.ts';
import { quoteAlterations } from './quoteAlterations.ts';
import { reviewPassages, type Passage } from './reviewPassages.ts';

/** The set: the reviews by key and the probes against them. */
export interface QuoteRegressionSet {
  /** Scoring files read. */
  scoringFiles: number;
  /** Review text by key (corpus-relative run file path, or `hand-written:en|ja`). */
  reviews: Map<string, string>;
  faithful: QuoteProbe<FaithfulKind>[];
  alterations: QuoteProbe<AlterationKind>[];
  /** Historical quotes found in no run of their prompt: reported, not counted either way. */
  notInReview: QuoteProbe<'not-in-review'>[];
  /** Historical quotes too short to check (below MIN_QUOTE_WIDTH). */
  tooShort: number;
}

/** The default seed of the generated probes (the date of the measurement). */
export const QUOTE_SET_SEED = 20261201;

/** Foreign passages a review's generators draw on (made-up tails, lines of another review): a sample keeps it fast. */
const FOREIGN_SAMPLE = 400;

/** Reads the corpus under `root` (a workflow root, its `rounds/`, or one series folder) and builds the set. */
export async function buildQuoteRegressionSet(root: string, seed = QUOTE_SET_SEED): Promise<QuoteRegressionSet> {
  const locations = await findHistory(root);
  if (locations.length === 0) throw new InputError('no historical scoring files (results/vNNN-<prompt>-scoring.md) found', root);
  const set: QuoteRegressionSet = { scoringFiles: 0, reviews: new Map(), faithful: [], alterations: [], notInReview: [], tooShort: 0 };
  const seriesOf = new Map<string, string>();
  for (const loc of locations) {
    for (const name of loc.scoringFiles) {
      const runs = [];
      for (const runName of loc.runFiles.filter((r) => r.replace(/-run\d+\.md$/, '') === name.replace(/-scoring\.md$/, ''))) {
        const key = keyOf(root, path.join(loc.dir, 'results', runName));
        const text = set.reviews.get(key) ?? (await readFile(path.join(loc.dir, 'results', runName), 'utf8'));
        set.reviews.set(key, text);
        seriesOf.set(key, loc.series);
        runs.push({ key, text });
      }
      if (runs.length === 0) continue;
      const scoringPath = path.join(loc.dir, 'results', name);
      const found = historicalQuotes(keyOf(root, scoringPath), await readFile(scoringPath, 'utf8'), runs);
      set.scoringFiles++;
      set.faithful.push(...found.faithful);
      set.notInReview.push(...found.notInReview);
      set.tooShort += found.tooShort;
    }
  }
  set.reviews.set('hand-written:en', EN_EXCERPT);
  set.reviews.set('hand-written:ja', JA_EXCERPT);
  for (const h of HAND_WRITTEN_QUOTES) set.faithful.push({ kind: 'hand-written', review: `hand-written:${h.excerpt}`, quote: h.quote, source: h.rewrite });
  generate(set, seriesOf, seed);
  return set;
}

/** Adds the generated rewrites and alterations of every run file, each review seeded by its key. */
function generate(set: QuoteRegressionSet, seriesOf: ReadonlyMap<string, string>, seed: number): void {
  const passagesBySeries = new Map<string, Passage[]>();
  for (const [key, series] of seriesOf) passagesBySeries.set(series, [...(passagesBySeries.get(series) ?? []), ...reviewPassages(set.reviews.get(key)!)]);
  const all = [...passagesBySeries.values()].flat();
  // Other series' reviews are about other systems; with one series only, its other reviews stand in (the oracle drops shared text).
  const foreignOf = new Map([...passagesBySeries.keys()].map((series) => [series, passagesBySeries.size > 1 ? [...passagesBySeries].filter(([s]) => s !== series).flatMap(([, p]) => p) : all]));
  for (const [key, series] of [...seriesOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const rand = mulberry32(seed ^ hash(key));
    const foreign = foreignOf.get(series)!;
    const others = foreign.length === 0 ? [] : Array.from({ length: FOREIGN_SAMPLE }, () => foreign[Math.floor(rand() * foreign.length)]!);
    const text = set.reviews.get(key)!;
    set.faithful.push(...faithfulRewrites(key, text, rand));
    // Stitched fragments count as far apart beyond twice the checker's bound: the skeleton's
    // distance and the folded width differ a little (links, kept symbols, CJK counting 2).
    set.alterations.push(...quoteAlterations(key, text, others, 2 * MAX_FRAGMENT_GAP, rand));
  }
}

/** A review's key: its path relative to the corpus root, with `/` separators. */
function keyOf(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** FNV-1a of a string: a per-review seed that does not depend on which other reviews exist. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { createQuoteIndex } from '../judge/evidence.ts';
import { buildQuoteRegressionSet, QUOTE_SET_SEED } from '../history/quoteRegressionSet.ts';
import { measureQuoteSet } from '../history/quoteRegressionStats.ts';
import { readSource } from '../round/loadInputs.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { formatQuoteChecks, type QuoteCheck } from './formatQuoteChecks.ts';
import { formatQuoteReport } from './formatQuoteReport.ts';
import { parseQuoteLines } from './parseQuoteLines.ts';

/** Flags of `quote-check`. */
export interface QuoteCheckFlags {
  quotes?: string;
  json?: boolean;
  corpus?: string;
  seed?: string;
}

/**
 * `review-judge quote-check <review.md> [--quotes FILE] [--json]`: checks each quote against the
 * review as the evidence check does and explains the ones it rejects.
 * `review-judge quote-check --corpus DIR [--json]`: builds the regression set from the corpus and
 * prints the check's rates next to the old check's. Exit 0 whenever it ran.
 */
export async function quoteCheckCommand(review: string | undefined, opts: QuoteCheckFlags, io: CliIO): Promise<number> {
  if (opts.corpus !== undefined) {
    if (review !== undefined || opts.quotes !== undefined) throw new InputError('--corpus measures the regression set; give it without a review or --quotes');
    return corpusMode(opts.corpus, opts, io);
  }
  if (review === undefined) throw new InputError('missing <review.md> (or --corpus DIR for the regression set)');
  const source = await readSource(review, io.cwd, 'review');
  const quotes = parseQuoteLines(await readQuotes(opts.quotes, io), opts.quotes ?? '<stdin>');
  const index = createQuoteIndex(source.text);
  const checks: QuoteCheck[] = quotes.map((quote) => {
    const located = index.locate(quote);
    return { quote, located, closest: index.closest(quote) };
  });
  if (opts.json) for (const c of checks) io.stdout(JSON.stringify(jsonLine(c)) + '\n');
  else io.stdout(formatQuoteChecks(checks, source.text, review));
  return EXIT.ok;
}

/** The quotes' text: the file, or standard input. */
async function readQuotes(file: string | undefined, io: CliIO): Promise<string> {
  if (file === undefined) {
    if (!io.readStdin) throw new InputError('no --quotes FILE and no standard input to read quotes from');
    return io.readStdin();
  }
  return readFile(path.resolve(io.cwd, file), 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new InputError(`cannot read quotes (${e.code ?? e.message}); check the path`, file);
  });
}

/** One `--json` line: `verified`, the quote, the closest passage and differences, and the offsets when verified. */
function jsonLine(c: QuoteCheck): Record<string, unknown> {
  const closest = c.closest && { passage: c.closest.passage, start: c.closest.start, end: c.closest.end };
  return {
    quote: c.quote,
    verified: c.located !== null,
    ...(c.located ? { start: c.located.start, end: c.located.end } : {}),
    closest,
    differences: c.located ? [] : (c.closest?.differences ?? ['nothing in the review shares a word with the quote']),
  };
}

/** Builds and measures the regression set. */
async function corpusMode(root: string, opts: QuoteCheckFlags, io: CliIO): Promise<number> {
  const seed = opts.seed === undefined ? QUOTE_SET_SEED : Number(opts.seed);
  if (!Number.isInteger(seed)) throw new InputError(`--seed must be an integer, got ${opts.seed}`);
  const set = await buildQuoteRegressionSet(path.resolve(io.cwd, root), seed);
  const report = measureQuoteSet(set);
  if (opts.json) io.stdout(JSON.stringify({ corpus: root, seed, ...report }, null, 2) + '\n');
  else io.stdout(formatQuoteReport(report, root, seed));
  return EXIT.ok;
}

import { InputError } from '../errors.ts';

/**
 * Parses `quote-check` input: one JSON object `{"quote": "..."}` per line (other fields are
 * ignored, blank lines skipped). A bad line is an InputError naming the file and the line, so a
 * user fixes it without a stack trace. Pure.
 */
export function parseQuoteLines(text: string, file: string): string[] {
  const quotes: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError('not valid JSON: expected one object {"quote": "..."} per line', file, i + 1);
    }
    const quote = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).quote : undefined;
    if (typeof quote !== 'string') throw new InputError('not a JSON object with a string "quote"', file, i + 1);
    quotes.push(quote);
  });
  return quotes;
}

/** What a test may count in a vote cache: the vote entries, not the request bodies stored beside them. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Finished vote files under `<runs>/cache` (temp files of an interrupted write and request bodies excluded). */
export function cacheEntries(runs: string): number {
  const dir = path.join(runs, 'cache');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json') && !f.startsWith(`requests${path.sep}`)).length;
}

import path from 'node:path';
import { renderNightlyMarkdown } from '../report/renderNightlyMarkdown.ts';
import type { NightlySummary } from '../types/Nightly.ts';
import { writeAtomic } from './nodeRunFiles.ts';

/** Writes nightly.json and nightly.md into the runs folder (atomically: a reader never sees half a night); returns their paths. */
export function writeNightly(runsDir: string, summary: NightlySummary): string[] {
  const json = path.join(runsDir, 'nightly.json');
  const md = path.join(runsDir, 'nightly.md');
  writeAtomic(json, JSON.stringify(summary, null, 2) + '\n');
  writeAtomic(md, renderNightlyMarkdown(summary));
  return [json, md];
}

import type { AnswerKey } from '../types/AnswerKey.ts';
import { renderHtml } from '../report/renderHtml.ts';
import { renderMarkdown } from '../report/renderMarkdown.ts';
import type { Report } from '../types/Report.ts';
import type { RunFolder } from './RunFolder.ts';
import type { Verdicts } from '../types/Verdicts.ts';

/** Writes report.json, report.md and report.html into a run folder (each atomically). */
export function writeReports(folder: RunFolder, report: Report, verdicts: Verdicts): void {
  folder.writeJson('report.json', report);
  folder.writeText('report.md', renderMarkdown(report));
  folder.writeText('report.html', renderHtml(report, verdicts));
}

/** Title of a round's report: the key's title, which names the round when the key does. */
export function reportTitle(key: AnswerKey, round: number | null, series?: string): string {
  // Keys of a series often share one H1 (正解キー): the series and round tell a nightly's lines apart.
  const where = [series, round !== null ? `round ${round}` : null].filter(Boolean).join(' ');
  return where ? `${where}: ${key.title}` : key.title;
}

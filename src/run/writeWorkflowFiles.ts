import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnswerKey } from '../types/AnswerKey.ts';
import { InputError } from '../errors.ts';
import type { Report } from '../types/Report.ts';
import { renderComparisonFile } from '../report/workflow/renderComparisonFile.ts';
import { renderScoringFile } from '../report/workflow/renderScoringFile.ts';
import { comparisonFileName, scoringFileName } from '../report/workflow/workflowFileNames.ts';
import { writeAtomic } from './nodeRunFiles.ts';
import type { Verdicts } from '../types/Verdicts.ts';

/** `--workflow-files`: the Phase 4/5 files in the workflow's own layout, so its later phases keep working. Returns the paths written. */
export function writeWorkflowFiles(roundDir: string, round: number, report: Report, verdicts: Verdicts, key: AnswerKey): string[] {
  const written: string[] = [];
  mkdirSync(path.join(roundDir, 'results'), { recursive: true });
  mkdirSync(path.join(roundDir, 'reports'), { recursive: true });
  for (const p of report.prompts) {
    const file = path.join(roundDir, 'results', scoringFileName(round, p.prompt));
    writeAtomic(file, renderScoringFile(report, verdicts, key, p.prompt));
    written.push(file);
  }
  const comparison = path.join(roundDir, 'reports', comparisonFileName(round));
  writeAtomic(comparison, renderComparisonFile(report, verdicts, key));
  written.push(comparison);
  return written;
}

/**
 * Refuses, before any judging, to overwrite workflow files that review-judge did not write (the
 * workflow's own Phase 4/5 history): the user moves them away first.
 */
export function checkWorkflowFiles(roundDir: string, round: number, prompts: string[]): void {
  const targets = [...prompts.map((p) => path.join(roundDir, 'results', scoringFileName(round, p))), path.join(roundDir, 'reports', comparisonFileName(round))];
  for (const file of targets) {
    if (existsSync(file) && !readFileSync(file, 'utf8').includes('review-judge')) {
      throw new InputError('exists and was not written by review-judge; move it away (it is workflow history) or drop --workflow-files', file);
    }
  }
}

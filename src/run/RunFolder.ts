import path from 'node:path';
import type { RunFiles } from '../types/Edges.ts';
import { nodeRunFiles } from './nodeRunFiles.ts';
import { RunFolderWriteError } from './RunFolderWriteError.ts';

/**
 * A run's folder `runs/<run-id>/`: votes and log lines appended as they come, summaries written
 * atomically. A storage refusal (disk full, read-only) is a RunFolderWriteError: thrown by the
 * summary writes, and remembered by the appends (`failure`), which must not stop a run mid-way.
 */
export class RunFolder {
  readonly dir: string;
  /** The first storage refusal of an append: from then on the folder is incomplete and appends stop. */
  failure: RunFolderWriteError | null = null;
  /** Summary files written, so that a run which could not be written whole can take them back. */
  private readonly summaries = new Set<string>();

  constructor(
    runsDir: string,
    readonly runId: string,
    private readonly files: RunFiles = nodeRunFiles,
  ) {
    this.dir = path.join(runsDir, runId);
    this.guard(this.dir, () => files.mkdir(this.dir));
  }

  /** Path of a file in the folder. */
  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Appends a unit's votes to votes.jsonl right away (one write per unit), so a killed run keeps what it finished. */
  appendVotes(records: object[]): void {
    if (records.length) this.append('votes.jsonl', records.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  /** Appends one line to log.jsonl (the run's logger writes through this). */
  appendLog(line: string): void {
    this.append('log.jsonl', line);
  }

  /** Writes text atomically. */
  writeText(name: string, text: string): void {
    const file = this.file(name);
    this.guard(file, () => this.files.writeAtomic(file, text));
    this.summaries.add(name);
  }

  /**
   * Writes a state file atomically (the batch ledger and results): not a summary, so a folder that
   * could not be written whole keeps it, and with it what was submitted to the provider.
   */
  writeState(name: string, text: string): void {
    const file = this.file(name);
    this.guard(file, () => this.files.writeAtomic(file, text));
  }

  /** Writes pretty JSON atomically (temp file + rename): readers never see half a file. */
  writeJson(name: string, value: unknown): void {
    this.writeText(name, JSON.stringify(value, null, 2) + '\n');
  }

  /** Throws the appends' storage refusal, if any: summaries of an incomplete folder must not be written. */
  assertWhole(): void {
    if (this.failure) throw this.failure;
  }

  /**
   * Removes the summaries written so far (best effort: a read-only folder keeps them), so a folder
   * that could not be written whole holds only votes.jsonl and log.jsonl and never looks finished.
   */
  takeBackSummaries(): void {
    for (const name of this.summaries) {
      try {
        this.files.remove(this.file(name));
      } catch {
        // Nothing more can be done on a folder that refuses even this; run.json is never among them.
      }
    }
    this.summaries.clear();
  }

  private append(name: string, text: string): void {
    if (this.failure) return;
    const file = this.file(name);
    try {
      this.files.append(file, text);
    } catch (e) {
      this.failure = RunFolderWriteError.wrap(e, file);
    }
  }

  private guard(file: string, write: () => void): void {
    try {
      write();
    } catch (e) {
      throw RunFolderWriteError.wrap(e, file);
    }
  }
}

/** A run folder's name: what it holds, then when — `reliability-design-r006-20261201T020000Z-1a2b3c`. */
export function runFolderName(series: string, round: number | null, stamp: string, suffix: string): string {
  // Only portable characters: the name is also the run id in reports, URLs and shell lines.
  const safe = series.normalize('NFKC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._-]+/, '').slice(0, 60) || 'run';
  return `${safe}${round !== null ? `-r${String(round).padStart(3, '0')}` : ''}-${stamp}-${suffix}`;
}

/** The time part of a run id: `20261125T210000Z` (sortable, safe in file names). */
export function runStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

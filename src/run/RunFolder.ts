import { appendFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A run's folder `runs/<run-id>/`: votes appended as they finish, summaries written atomically. */
export class RunFolder {
  readonly dir: string;

  constructor(runsDir: string, readonly runId: string) {
    this.dir = path.join(runsDir, runId);
    mkdirSync(this.dir, { recursive: true });
  }

  /** Path of a file in the folder. */
  file(name: string): string {
    return path.join(this.dir, name);
  }

  /** Appends a unit's votes to votes.jsonl right away (one write per unit), so a killed run keeps what it finished. */
  appendVotes(records: object[]): void {
    if (records.length) appendFileSync(this.file('votes.jsonl'), records.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  /** Writes text atomically. */
  writeText(name: string, text: string): void {
    writeAtomic(this.file(name), text);
  }

  /** Writes pretty JSON atomically (temp file + rename): readers never see half a file. */
  writeJson(name: string, value: unknown): void {
    writeAtomic(this.file(name), JSON.stringify(value, null, 2) + '\n');
  }
}

/** Atomic text write: a unique temp file beside the target, then rename. */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
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

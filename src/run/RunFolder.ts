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

/** The time part of a run id: `20261125T210000Z` (sortable, safe in file names). */
export function runStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

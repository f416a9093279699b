import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { LEDGER_FILE, readLedger } from '../run/BatchLedger.ts';
import type { CliIO } from './CliIO.ts';
import { scoreCommand, type ScoreFlags } from './scoreCommand.ts';

/** Flags of `review-judge collect`. */
export interface CollectFlags {
  wait?: boolean;
  pollSeconds?: string;
  json?: boolean;
}

/**
 * `review-judge collect <run-dir>`: the `score --batch` invocation recorded in the folder's ledger,
 * run again from the directory it ran in, for that one round: polls the batches, caches what has
 * ended, submits a next wave if split votes need one, and scores the round once nothing waits.
 * Exits as score does (75 while batches still run).
 */
export async function collectCommand(dir: string, flags: CollectFlags, io: CliIO): Promise<number> {
  const runDir = path.resolve(io.cwd, dir);
  const file = path.join(runDir, LEDGER_FILE);
  if (!existsSync(file)) {
    const why = existsSync(path.join(runDir, 'run.json')) ? 'is a finished run (it has run.json): nothing to collect' : `holds no ${LEDGER_FILE}: only folders written by score --batch can be collected`;
    throw new InputError(why, dir);
  }
  if (existsSync(path.join(runDir, 'run.json'))) throw new InputError('is a finished run (it has run.json): its batches were collected and scored already', dir);
  const { command } = readLedger(file);
  if (command.kind === 'calibrate') throw new InputError('holds the batches of a calibrate --batch run: run that calibrate command again (with --wait to wait for them), which collects them and reports the agreement', dir);
  const recorded = command.flags as unknown as ScoreFlags;
  const scoreFlags: ScoreFlags = {
    ...recorded,
    batch: true,
    ...(flags.wait ? { wait: true } : {}),
    ...(flags.pollSeconds !== undefined ? { pollSeconds: flags.pollSeconds } : {}),
    ...(flags.json ? { json: true } : {}),
    // Only this folder's round; its batches must be the ones found.
    allRounds: false,
  };
  return scoreCommand(command.roundDir ?? undefined, scoreFlags, { ...io, cwd: command.cwd }, { runDir });
}

import path from 'node:path';
import { InputError } from '../errors.ts';
import { discoverRounds } from '../round/discoverRounds.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { prepareScoreJob, type ScoreFlags } from './scoreJob.ts';
import { scoreRound } from './scoreRound.ts';

export type { ScoreFlags } from './scoreJob.ts';

/**
 * `review-judge score`: one round folder, an ad-hoc key, or with `--all-rounds` every round under a
 * workflow root (a failing round is reported and the others still run). Exit 0 ok, 1 unscored
 * units, 2 usage or input error, 3 a threshold broken; over several rounds: 2 > 3 > 1 > 0.
 */
export async function scoreCommand(roundDir: string | undefined, flags: ScoreFlags, io: CliIO): Promise<number> {
  if (flags.allRounds && (flags.round !== undefined || flags.key)) throw new InputError('--all-rounds finds the rounds itself: drop --round and --key');
  if (flags.allRounds && !roundDir) throw new InputError('--all-rounds needs a workflow root folder (e.g. ../shared/corpus/rounds)');
  const job = await prepareScoreJob(flags, io);
  if (!flags.allRounds) return (await scoreRound(roundDir, flags, job, io)).code;
  const rounds = await discoverRounds(path.resolve(io.cwd, roundDir!));
  if (!rounds.length) throw new InputError('no <perspective>-<target>/ folder with answer-key-round-NNN.md and results/vNNN-*-runR.md found', roundDir);
  const codes: number[] = [];
  for (const r of rounds) {
    try {
      codes.push((await scoreRound(path.relative(io.cwd, r.dir) || '.', { ...flags, round: String(r.round) }, job, io, true)).code);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      io.stderr(`review-judge: ${r.series} round ${r.round}: ${e.format()}\n`);
      codes.push(EXIT.input);
    }
  }
  io.stderr(`${rounds.length} rounds scored: ${codes.filter((c) => c === EXIT.ok).length} ok, ${codes.filter((c) => c === EXIT.unscored).length} with unscored units, ${codes.filter((c) => c === EXIT.threshold).length} below a threshold, ${codes.filter((c) => c === EXIT.input).length} input errors\n`);
  return worstCode(codes);
}

/** The exit code of several rounds: input errors, then broken thresholds, then unscored units. */
export function worstCode(codes: number[]): number {
  for (const worst of [EXIT.input, EXIT.threshold, EXIT.unscored]) if (codes.includes(worst)) return worst;
  return EXIT.ok;
}

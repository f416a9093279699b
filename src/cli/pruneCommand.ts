import path from 'node:path';
import { InputError } from '../errors.ts';
import { pruneCache, readPrunePlan, removeRun } from '../run/pruneRuns.ts';
import { EXIT, type CliIO } from './CliIO.ts';

/** Flags of `prune`. */
export interface PruneFlags {
  keep: string;
  cacheDir?: string;
  dryRun?: boolean;
}

/**
 * `review-judge prune <runs-dir> --keep N`: keeps the N newest runs of every round (never fewer
 * than the latest), removes the older run folders, then the cache entries and request bodies no
 * kept run refers to. Folders that are not readable runs are never touched, and while one exists
 * (a run being written) the cache is left alone.
 */
export async function pruneCommand(runsDir: string, flags: PruneFlags, io: CliIO): Promise<number> {
  if (!/^\d+$/.test(flags.keep) || Number(flags.keep) < 1) throw new InputError(`--keep expects a whole number of runs per round (at least 1: the latest run of a round is never removed), got '${flags.keep}'`);
  const dir = path.resolve(io.cwd, runsDir);
  const plan = await readPrunePlan(dir, Number(flags.keep));
  const verb = flags.dryRun ? 'would remove' : 'removed';
  const passive = flags.dryRun ? 'would be removed' : 'removed';
  for (const e of plan.remove) {
    if (!flags.dryRun) await removeRun(e);
    io.stdout(`${verb} ${path.relative(io.cwd, e.dir) || e.dir}\n`);
  }
  io.stdout(`${plan.remove.length} run folders ${passive}, ${plan.keep.length} kept (the newest ${flags.keep} of each round)\n`);
  const cacheDir = path.resolve(io.cwd, flags.cacheDir ?? path.join(runsDir, 'cache'));
  if (plan.unknown.length) {
    io.stderr(`cache left alone: ${plan.unknown.length} folder${plan.unknown.length === 1 ? ' is' : 's are'} not a readable run (${plan.unknown.slice(0, 3).join(', ')}${plan.unknown.length > 3 ? ', …' : ''}): a run being written may need its entries\n`);
    return EXIT.ok;
  }
  const c = await pruneCache(cacheDir, plan.keep, Boolean(flags.dryRun));
  io.stdout(`cache: ${c.entries} vote entries and ${c.bodies} request bodies no kept run refers to ${passive} (${(c.bytes / 1e6).toFixed(1)} MB)\n`);
  return EXIT.ok;
}

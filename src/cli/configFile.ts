import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { GPUS } from '../judge/providers/local/localJudgeOptions.ts';

/** The config file looked for in the working directory. */
export const CONFIG_FILE = 'review-judge.json';

/**
 * review-judge.json: what a cron line repeats. Every field is optional and means the flag of the
 * same name; a flag on the command line wins. Paths are relative to the file's folder.
 */
export const ConfigFile = z.strictObject({
  judge: z.array(z.string().min(1)).min(1).optional(),
  votes: z.number().int().positive().optional(),
  rubric: z.string().min(1).optional(),
  baseline: z.string().min(1).optional(),
  failUnder: z.number().optional(),
  compareTo: z.string().min(1).optional(),
  maxDrop: z.number().nonnegative().optional(),
  maxDemotedShare: z.number().min(0).max(1).optional(),
  maxCost: z.number().nonnegative().optional(),
  runsDir: z.string().min(1).optional(),
  cacheDir: z.string().min(1).optional(),
  promptsDir: z.string().min(1).optional(),
  concurrency: z.number().int().positive().optional(),
  evidence: z.enum(['require', 'ignore']).optional(),
  effort: z.string().min(1).optional(),
  models: z.string().min(1).optional(),
  prices: z.string().min(1).optional(),
  /** Local judges (`--threads`, `--gpu`, `--max-tokens`). */
  threads: z.number().int().positive().optional(),
  gpu: z.enum(GPUS).optional(),
  maxTokens: z.number().int().positive().optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

const PATHS = new Set<keyof ConfigFile>(['rubric', 'compareTo', 'runsDir', 'cacheDir', 'promptsDir', 'models', 'prices']);

/** The 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  return text.slice(0, Math.max(0, offset)).split('\n').length;
}

/** Pure: parses and validates the file's text; an InputError names the file and line of the first problem. */
export function parseConfig(text: string, file: string): ConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    throw new InputError(`not valid JSON (${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')}); fix the file or remove it`, file, at ? lineAt(text, Number(at[1])) : undefined);
  }
  const parsed = ConfigFile.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0]! : String(issue.path[0] ?? '');
  const at = key ? text.indexOf(`"${key}"`) : -1;
  const what = issue.code === 'unrecognized_keys' ? `unknown setting "${key}" (settings: ${Object.keys(ConfigFile.shape).join(', ')})` : `"${issue.path.join('.')}": ${issue.message}`;
  throw new InputError(what, file, at >= 0 ? lineAt(text, at) : undefined);
}

/** Reads `review-judge.json` from the working directory (null when there is none), paths resolved against its folder. */
export function loadConfig(cwd: string): { file: string; config: ConfigFile } | null {
  const file = path.join(cwd, CONFIG_FILE);
  if (!existsSync(file)) return null;
  const config = parseConfig(readFileSync(file, 'utf8'), file);
  for (const k of PATHS) if (typeof config[k] === 'string') (config as Record<string, unknown>)[k] = path.resolve(cwd, config[k] as string);
  return { file, config };
}

/**
 * Pure: the flags with the config's values filled in where the command line did not set the flag
 * (`fromCli(name)` says whether it did); values become the strings the flags carry.
 */
export function withConfig<F extends object>(flags: F, config: ConfigFile, fromCli: (name: string) => boolean): F {
  const out = { ...flags } as Record<string, unknown>;
  for (const [k, v] of Object.entries(config)) {
    if (v === undefined || fromCli(k)) continue;
    out[k] = Array.isArray(v) ? v : typeof v === 'number' ? String(v) : v;
  }
  return out as F;
}

/** The settings a run uses that the config file can hold, for `--print-config` (flags merged in). */
export function effectiveConfig(flags: Record<string, unknown>): ConfigFile {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(ConfigFile.shape)) {
    const v = flags[k];
    if (v === undefined) continue;
    const numeric = ['votes', 'failUnder', 'maxDrop', 'maxDemotedShare', 'maxCost', 'concurrency', 'threads', 'maxTokens'].includes(k);
    out[k] = numeric && typeof v === 'string' ? Number(v) : v;
  }
  return out as ConfigFile;
}

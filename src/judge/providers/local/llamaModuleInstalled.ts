import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../errors.ts';
import { INSTALL_HINT, LOCAL_JUDGE_PREFIX } from './loadLlamaModule.ts';

/**
 * Refuses a local judge before anything else is done for it (resolving, downloading a model of
 * several GB, planning) when node-llama-cpp cannot be found where the judge will load it from:
 * `<prefix>/node_modules` (`npm run local-judge:install`) or a regular install next to the CLI.
 */
export function assertLlamaModuleInstalled(prefix = LOCAL_JUDGE_PREFIX, bare = 'node-llama-cpp'): void {
  if (existsSync(path.join(prefix, 'node_modules', 'node-llama-cpp', 'package.json'))) return;
  try {
    import.meta.resolve(bare);
    return;
  } catch {
    throw new InputError(`local judges need node-llama-cpp, which is not installed: ${INSTALL_HINT}`);
  }
}

import { InputError } from '../errors.ts';

/** File-system error codes that say the storage refuses more (full, over quota, read-only, no permission): not a bug. */
export const STORAGE_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES']);

/** A write into a run folder that the storage refused (exit 2): any other failure stays what it is, a bug. */
export class RunFolderWriteError extends InputError {
  constructor(
    readonly code: string,
    file: string,
    cause: unknown,
  ) {
    super(`cannot write the run folder (${code}): free space (or pick a writable --runs-dir) and run the same command again`, file, undefined, { cause });
  }

  /** `e` as a RunFolderWriteError when it is a storage refusal of `file`; anything else is rethrown untouched. */
  static wrap(e: unknown, file: string): RunFolderWriteError {
    const code = (e as NodeJS.ErrnoException | null)?.code;
    if (typeof code === 'string' && STORAGE_CODES.has(code)) return new RunFolderWriteError(code, file, e);
    throw e;
  }
}

import { createRequire } from 'node:module';

/** The tool version from package.json; goes into every run manifest. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

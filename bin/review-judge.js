#!/usr/bin/env node
// Runs the build in dist/ (made by `npm ci` via `prepare`, or `npm run build`): compiling the
// TypeScript on every start cost more than everything else `--help` does. tsx is the fallback for
// a checkout that never built, and REVIEW_JUDGE_TSX=1 runs the sources without rebuilding.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/cli/run.js', import.meta.url);
let run;
if (process.env.REVIEW_JUDGE_TSX !== '1' && existsSync(dist)) {
  ({ run } = await import(dist.href));
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    process.stderr.write('review-judge: no build in dist/ and tsx is not installed: run `npm ci` (or `npm run build`) in the review-judge folder\n');
    process.exit(2);
  }
  register();
  ({ run } = await import('../src/cli/run.ts'));
}
process.exitCode = await run(process.argv.slice(2));

/** Without node-llama-cpp, a local judge is refused with one line naming the install command; nothing else needs it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { loadLlamaModule } from '../../src/judge/providers/local/loadLlamaModule.ts';

const empty = mkdtempSync(path.join(tmpdir(), 'rj-nollama-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('node-llama-cpp not installed', () => {
  it('is an InputError naming the install command', async () => {
    const err = await loadLlamaModule(empty, 'node-llama-cpp-not-installed').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/npm run local-judge:install/);
    expect((err as Error).message).not.toMatch(/\n/);
  });
});

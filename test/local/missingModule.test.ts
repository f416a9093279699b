/**
 * Without node-llama-cpp, or with another version than the pinned one (its votes are keyed on it), a
 * local judge is refused with one line naming the install command; nothing else needs it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

describe('node-llama-cpp of another version', () => {
  it('is refused before it is imported, naming both versions', async () => {
    const prefix = mkdtempSync(path.join(tmpdir(), 'rj-oldllama-'));
    try {
      const pkg = path.join(prefix, 'node_modules', 'node-llama-cpp-other');
      mkdirSync(pkg, { recursive: true });
      // An entry that throws if imported: the version is checked first.
      writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'node-llama-cpp', version: '3.20.0', type: 'module', main: 'index.js' }));
      writeFileSync(path.join(pkg, 'index.js'), 'throw new Error("imported");\n');
      const err = await loadLlamaModule(prefix, 'node-llama-cpp-other').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/node-llama-cpp 3\.20\.0, but local judges are pinned to 3\.21\.1/);
      expect((err as Error).message).not.toMatch(/\n/);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});

/**
 * The layer rule of ARCHITECTURE.md, checked on the code: a folder of src/ imports only itself and
 * folders below it, and no file imports itself through a loop. Types the stages hand each other
 * live at the bottom (src/types), so no stage needs to reach up for them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Bottom to top; each entry is one layer of folders (or top-level files, by stem). */
export const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'version'],
  ['types'],
  ['cache'],
  ['answer-key'],
  ['perspective'],
  ['round'],
  ['prompts'],
  ['catalogue'],
  ['judge'],
  ['cost'],
  ['score'],
  ['report'],
  ['run'],
  ['history'],
  ['pipeline'],
  ['cli'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Relative imports of a file (static, re-exports and dynamic), resolved to absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

const folderOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!.replace(/\.ts$/, '');
const layerOf = (folder: string) => LAYERS.findIndex((l) => l.includes(folder));
const files = sourceFiles(SRC);

describe('layers of src/', () => {
  it('every folder of src/ has a layer', () => {
    const folders = [...new Set(files.map(folderOf))];
    expect(folders.filter((f) => layerOf(f) === -1)).toEqual([]);
  });

  it('no import runs from a lower layer up to a higher one (or across one layer)', () => {
    const bad: string[] = [];
    for (const f of files) {
      const from = folderOf(f);
      for (const to of importsOf(f).filter((t) => t.startsWith(SRC))) {
        const target = folderOf(to);
        if (target !== from && layerOf(target) >= layerOf(from)) bad.push(`${path.relative(SRC, f)} → ${path.relative(SRC, to)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('src/types imports no stage', () => {
    const bad = files.filter((f) => folderOf(f) === 'types').flatMap((f) => importsOf(f).filter((t) => t.startsWith(SRC) && !['types', 'errors'].includes(folderOf(t))));
    expect(bad).toEqual([]);
  });

  it('no import cycle between files', () => {
    const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].map((x) => path.relative(SRC, x)).join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const t of graph.get(f) ?? []) visit(t, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('the check sees the imports it judges (a known import is found)', () => {
    const scoreRun = path.join(SRC, 'run/scoreRun.ts');
    expect(importsOf(scoreRun)).toContain(path.join(SRC, 'run/buildManifest.ts'));
    expect(importsOf(path.join(SRC, 'cli/main.ts'))).toContain(path.join(SRC, 'cli/scoreCommand.ts'));
  });
});

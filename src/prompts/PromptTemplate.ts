import { createHash } from 'node:crypto';
import { InputError } from '../errors.ts';
import type { JudgePrompt } from '../types/Provider.ts';

/** The three sections every judge template has, in prompt order. */
export const SECTIONS = ['instructions', 'review', 'task'] as const;
type Section = (typeof SECTIONS)[number];

/** A judge prompt template parsed from `prompts/<name>.md`, with the hash that goes into cache keys. */
export interface PromptTemplate {
  name: string;
  file: string;
  /** sha256 of the file's text: any edit to a prompt changes every cache key that uses it. */
  sha256: string;
  sections: Record<Section, string>;
  placeholders: Set<string>;
}

const SECTION_LINE = /^=== section: ([a-z]+) ===$/;
const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g;

/**
 * Parses and validates a template: exactly the three sections, and exactly the allowed placeholders,
 * each required one present (`optional` ones may be left out: placeholders added later, so an older
 * `--prompts-dir` still loads). A broken template fails on load with file:line, not mid-run.
 */
export function parsePromptTemplate(name: string, file: string, text: string, required: readonly string[], optional: readonly string[] = []): PromptTemplate {
  const allowed = [...required, ...optional];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const sections: Partial<Record<Section, string[]>> = {};
  let current: Section | null = null;
  let inComment = false;
  const placeholders = new Set<string>();
  lines.forEach((line, i) => {
    // A leading HTML comment documents the template for humans; it is not sent.
    if (current === null && line.startsWith('<!--')) inComment = true;
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      return;
    }
    const m = SECTION_LINE.exec(line);
    if (m) {
      const s = m[1] as Section;
      if (!SECTIONS.includes(s)) throw new InputError(`unknown section '${s}'; expected one of ${SECTIONS.join(', ')}`, file, i + 1);
      if (sections[s]) throw new InputError(`section '${s}' appears twice`, file, i + 1);
      sections[s] = [];
      current = s;
      return;
    }
    for (const p of line.matchAll(PLACEHOLDER)) {
      if (!allowed.includes(p[1]!)) {
        throw new InputError(`unknown placeholder {{${p[1]}}}; this template accepts ${allowed.map((a) => `{{${a}}}`).join(', ')}`, file, i + 1);
      }
      placeholders.add(p[1]!);
    }
    if (current) sections[current]!.push(line);
    else if (line.trim() !== '') throw new InputError(`text before the first '=== section: instructions ===' line`, file, i + 1);
  });
  for (const s of SECTIONS) {
    if (!sections[s]) throw new InputError(`missing section '=== section: ${s} ==='`, file);
  }
  const joined = Object.fromEntries(SECTIONS.map((s) => [s, sections[s]!.join('\n').trim() + '\n'])) as Record<Section, string>;
  const missing = required.filter((a) => !placeholders.has(a));
  if (missing.length) throw new InputError(`template never uses ${missing.map((a) => `{{${a}}}`).join(', ')}; every input must reach the judge`, file);
  return { name, file, sha256: createHash('sha256').update(text).digest('hex'), sections: joined, placeholders };
}

/** Fills every placeholder; values are inserted verbatim (no re-expansion of `{{` inside values). */
export function renderPrompt(template: PromptTemplate, values: Record<string, string>): JudgePrompt {
  const fill = (s: string) =>
    s.replace(PLACEHOLDER, (_m, key: string) => {
      const v = values[key];
      if (v === undefined) throw new Error(`no value for {{${key}}} in template ${template.name}`);
      return v;
    });
  return { instructions: fill(template.sections.instructions), review: fill(template.sections.review), task: fill(template.sections.task) };
}

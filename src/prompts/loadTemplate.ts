import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { parsePromptTemplate, type PromptTemplate } from './PromptTemplate.ts';

/** The prompts/ folder shipped with the tool. */
export const BUNDLED_PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** Reads `<dir>/<name>.md` and validates it against the placeholders its judge fills. */
export function loadTemplate(dir: string, name: string, placeholders: readonly string[], optional: readonly string[] = []): PromptTemplate {
  const file = path.join(dir, `${name}.md`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read prompt template (${(e as NodeJS.ErrnoException).code ?? String(e)}); --prompts-dir must hold ${name}.md`, file);
  }
  return parsePromptTemplate(name, file, text, placeholders, optional);
}

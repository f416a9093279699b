/** Parses a workflow perspective.md (Japanese or English headings) into a Perspective. */
import { InputError } from '../errors.ts';
import { indentOf, joinBlock, matchBullet, matchHeading, norm, splitLines, type SourceLine } from '../answer-key/markdown.ts';
import type { Perspective } from '../types/Perspective.ts';

type Section = 'overview' | 'inScope' | 'outOfScope' | 'guidance';

/** Order matters: "Out of Scope" and "ボーナス/ペナルティ" must win over the looser scope/overview words. */
const SECTION_PATTERNS: [Section, RegExp][] = [
  ['outOfScope', /スコープ外|対象外|範囲外|評価外|out[- ]?of[- ]?scope|not in scope|non[- ]?scope|excluded|exclusions?/],
  ['guidance', /ボーナス|ペナルティ|bonus|penalt/],
  ['inScope', /スコープ|評価範囲|評価対象|評価項目|対象範囲|scope|evaluation (items|criteria|areas)|focus areas/],
  ['overview', /概要|目的|overview|summary|purpose|introduction|description/],
];

/** Names the section a heading opens, or null for headings the perspective template does not define. */
export function perspectiveSection(heading: string): Section | null {
  const h = norm(heading);
  for (const [section, re] of SECTION_PATTERNS) if (re.test(h)) return section;
  return null;
}

/**
 * Top-level list items of a section, without their marker. An item keeps its indented continuation
 * lines and nested bullets, because scope items are judged as a whole.
 */
export function topLevelItems(lines: readonly SourceLine[]): string[] {
  const bullets = lines.map((l) => matchBullet(l));
  const indents = bullets.flatMap((b) => (b ? [b.indent] : []));
  if (indents.length === 0) return [];
  const top = Math.min(...indents);
  const items: string[][] = [];
  let cur: string[] | null = null;
  let blank = false;
  lines.forEach((l, i) => {
    const b = bullets[i];
    if (b && b.indent === top) {
      cur = [b.body];
      items.push(cur);
      blank = false;
    } else if (l.text.trim() === '') {
      blank = true;
      cur?.push('');
    } else if (cur && (indentOf(l.text) > top || !blank)) {
      (cur as string[]).push(l.text);
    } else cur = null;
  });
  return items.map(joinBlock).filter((s) => s !== '');
}

/**
 * Parses perspective markdown. Pure: `file` is only used in errors. Missing sections give empty
 * values; a text with none of the known sections throws InputError, since it is not a perspective.
 */
export function parsePerspective(text: string, file: string): Perspective {
  const lines = splitLines(text);
  let title: string | null = null;
  const found = new Map<Section, SourceLine[]>();
  let current: { section: Section; level: number } | null = null;
  for (const line of lines) {
    const h = matchHeading(line);
    if (h) {
      if (h.level === 1 && title === null) {
        title = h.text;
        current = null;
        continue;
      }
      const section = h.level > 1 ? perspectiveSection(h.text) : null;
      if (section) {
        current = { section, level: h.level };
        if (!found.has(section)) found.set(section, []);
        continue;
      }
      if (current && h.level <= current.level) current = null;
    }
    if (current) found.get(current.section)!.push(line);
  }
  if (found.size === 0) {
    throw new InputError(
      "not a perspective file: no known section headings found; expected headings such as '## 概要' / '## Overview', '## 評価スコープ' / '## Evaluation Scope', '## スコープ外' / '## Out of Scope', '## ボーナス/ペナルティの判定指針' / '## Bonus/Penalty Guidance'",
      file,
      1,
    );
  }
  const block = (s: Section) => joinBlock((found.get(s) ?? []).map((l) => l.text));
  return {
    title: title ?? '',
    overview: block('overview'),
    inScope: topLevelItems(found.get('inScope') ?? []),
    outOfScope: topLevelItems(found.get('outOfScope') ?? []),
    bonusPenaltyGuidance: block('guidance'),
    raw: text,
  };
}

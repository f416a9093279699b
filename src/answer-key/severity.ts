/** Maps the severity words keys use onto the rubric's three levels. */
import type { SeverityLevel } from '../types/AnswerKey.ts';
import { norm } from './markdown.ts';

const WORDS: Record<string, SeverityLevel> = {
  重大: 'critical',
  critical: 'critical',
  致命的: 'critical',
  blocker: 'critical',
  中: 'major',
  significant: 'major',
  high: 'major',
  major: 'major',
  高: 'major',
  軽微: 'minor',
  moderate: 'minor',
  minor: 'minor',
  low: 'minor',
  低: 'minor',
};

/** Words that, when a file uses them, already occupy the rung between Critical and Medium. */
const UPPER_MIDDLE = new Set(['high', 'significant']);

function tokens(raw: string): string[] {
  const whole = norm(raw);
  return [whole, ...whole.split(/[\s()[\]/,、・|:-]+/).filter((t) => t.length > 0)];
}

/** Per-file reading of the ambiguous word `Medium`. */
export type MediumReading = 'major' | 'minor';

/**
 * Decides what `Medium` means in one file, from the other severity words the same file uses.
 *
 * `Medium` is the middle of a three-rung scale (Critical/Medium/Minor, Major/Medium/Minor,
 * Critical/Medium/Low) and then means major. When the file also uses High (Critical/High/Medium/Low)
 * or Significant (Critical/Significant/Medium/Minor, seen in performance rounds 011-017), another word
 * already holds the major rung and Medium sits below it, so it means minor. (The brief named only
 * High; Significant is included because those keys then match the guide's 3/4/3 distribution.)
 */
export function mediumReading(raws: readonly string[]): MediumReading {
  const used = raws.some((raw) => tokens(raw).some((t) => UPPER_MIDDLE.has(t)));
  return used ? 'minor' : 'major';
}

/**
 * Maps one written severity to a level. Bilingual values (`重大 (Critical)`, `Medium (中)`) map
 * through whichever part is unambiguous; `Medium` alone follows the file's reading; unknown → null.
 */
export function severityLevel(raw: string, medium: MediumReading): SeverityLevel | null {
  let sawMedium = false;
  for (const t of tokens(raw)) {
    const level = WORDS[t];
    if (level) return level;
    if (t === 'medium' || t === '中程度') sawMedium = true;
  }
  return sawMedium ? medium : null;
}

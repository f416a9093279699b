/** Collects the lines under one `### Pnn` heading into fields and criteria. */
import type { ParseWarning } from '../types/AnswerKey.ts';
import { InputError } from '../errors.ts';
import { matchCriterion, VERDICT_INFO, type Verdict } from './criteria.ts';
import { problemField, type ProblemField } from './labels.ts';
import { indentOf, isThematicBreak, joinBlock, matchBullet, matchLabelled, type SourceLine } from './markdown.ts';

interface Field {
  kind: ProblemField | 'unknown' | 'orphan';
  label: string;
  line: number;
  lines: string[];
}

interface Criterion {
  verdict: Verdict;
  line: number;
  indent: number;
  lines: string[];
  blankSeen: boolean;
}

/** A problem whose severity level is still to be decided (it depends on the whole file's scale). */
export interface DraftProblem {
  id: string;
  line: number;
  title: string;
  category: string;
  severityRaw: string | null;
  location: string | null;
  description: string;
  criteria: Record<Verdict, string>;
}

const FIELD_NAMES: Record<ProblemField, string> = {
  category: 'Category',
  severity: 'Severity',
  location: 'Location',
  description: 'Description',
  criteria: 'Detection Criteria',
  extra: 'extra field',
};

function excerpt(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

/** Builds one problem line by line; `finish` validates it and reports what it could not place. */
export class ProblemBlock {
  private readonly fields: Field[] = [];
  private readonly crits: Criterion[] = [];
  private current: Field | Criterion | null = null;
  private baseIndent: number | null = null;

  constructor(
    readonly id: string,
    readonly title: string,
    readonly line: number,
    private readonly file: string,
    private readonly warnings: ParseWarning[],
  ) {}

  /** Feeds the next line of the problem's body. */
  add(line: SourceLine): void {
    if (isThematicBreak(line)) {
      this.current = null;
      return;
    }
    const bullet = matchBullet(line);
    if (bullet) {
      const crit = matchCriterion(bullet.body);
      if (crit) {
        const c: Criterion = { verdict: crit.verdict, line: line.no, indent: bullet.indent, lines: [crit.text], blankSeen: false };
        this.crits.push(c);
        this.current = c;
        return;
      }
      this.baseIndent ??= bullet.indent;
      const lab = bullet.indent <= this.baseIndent ? matchLabelled(bullet.body) : null;
      if (lab) {
        const kind = problemField(lab.label);
        if (kind || lab.bold) {
          if (lab.label.includes('\uFFFD')) {
            this.warnings.push({ line: line.no, message: `${this.id}: label '${lab.label}' contains U+FFFD (damaged encoding); read as '${lab.label.replace(/\uFFFD/g, '')}'` });
          }
          if (!kind) {
            this.warnings.push({ line: line.no, message: `${this.id}: unknown label '${lab.label}'; its text was ignored (expected Category, Severity, Location, Description or Detection Criteria)` });
          }
          const f: Field = { kind: kind ?? 'unknown', label: lab.label, line: line.no, lines: [lab.value] };
          this.fields.push(f);
          this.current = f;
          return;
        }
      }
    }
    const cur = this.current;
    if (cur && 'verdict' in cur) {
      if (line.text.trim() === '') {
        cur.blankSeen = true;
        cur.lines.push('');
        return;
      }
      const deeper = indentOf(line.text) > cur.indent;
      const lazy = !cur.blankSeen && !(bullet && bullet.indent <= cur.indent);
      if (deeper || lazy) {
        // Dedent to the item's content column so a wrapped criterion reads as one sentence.
        cur.lines.push(line.text.replace(new RegExp(`^ {0,${cur.indent + 2}}`), ''));
        return;
      }
      // A list item ends at a blank line followed by outdented text: that text is no longer the criterion's.
      this.current = null;
    }
    if (!this.current) {
      if (line.text.trim() === '') return;
      const orphan: Field = { kind: 'orphan', label: '', line: line.no, lines: [] };
      this.fields.push(orphan);
      this.current = orphan;
    }
    (this.current as Field).lines.push(line.text);
  }

  /** Validates the problem; throws InputError when a criterion is missing. */
  finish(): DraftProblem {
    const first = new Map<ProblemField, Field>();
    for (const f of this.fields) {
      const text = joinBlock(f.lines);
      if (f.kind === 'orphan') {
        this.warnings.push({ line: f.line, message: `${this.id}: text outside any labelled bullet was ignored: "${excerpt(text)}"` });
        continue;
      }
      if (f.kind === 'unknown' || f.kind === 'extra') continue;
      const kept = first.get(f.kind);
      if (kept) {
        const same = joinBlock(kept.lines) === text ? 'same value' : `it says "${excerpt(text)}"`;
        this.warnings.push({ line: f.line, message: `${this.id}: second ${FIELD_NAMES[f.kind]} (${same}); kept the first, from line ${kept.line}` });
        continue;
      }
      first.set(f.kind, f);
      if (f.kind === 'criteria' && text !== '') {
        this.warnings.push({ line: f.line, message: `${this.id}: text under Detection Criteria that is not a ○/△/× bullet was ignored: "${excerpt(text)}"` });
      }
    }
    const criteria = this.criteria();
    const value = (k: ProblemField) => {
      const f = first.get(k);
      return f ? joinBlock(f.lines) : null;
    };
    for (const k of ['category', 'severity', 'description'] as const) {
      if (!value(k)) {
        this.warnings.push({ line: this.line, message: `${this.id} has no ${FIELD_NAMES[k]}; expected a bullet like '- **${FIELD_NAMES[k]}**: ...'` });
      }
    }
    return {
      id: this.id,
      line: this.line,
      title: this.title,
      category: value('category') ?? '',
      severityRaw: value('severity') || null,
      location: value('location') || null,
      description: value('description') ?? '',
      criteria,
    };
  }

  private criteria(): Record<Verdict, string> {
    const got = new Map<Verdict, Criterion>();
    for (const c of this.crits) {
      const kept = got.get(c.verdict);
      if (kept) {
        this.warnings.push({ line: c.line, message: `${this.id}: second ${VERDICT_INFO[c.verdict].name} criterion; kept the first, from line ${kept.line}` });
      } else got.set(c.verdict, c);
    }
    const missing = (['detected', 'partial', 'undetected'] as const).filter((v) => !got.has(v) || joinBlock(got.get(v)!.lines) === '');
    if (missing.length > 0) {
      const names = missing.map((v) => VERDICT_INFO[v].name).join(', ');
      const examples = missing.map((v) => VERDICT_INFO[v].example).join(', ');
      const empty = missing.every((v) => got.has(v)) ? ' (its text is empty)' : '';
      throw new InputError(
        `${this.id} has no ${names} criterion${empty}; expected ${missing.length > 1 ? 'bullets' : 'a bullet'} like ${examples} under Detection Criteria`,
        this.file,
        this.line,
      );
    }
    const text = (v: Verdict) => joinBlock(got.get(v)!.lines);
    return { detected: text('detected'), partial: text('partial'), undetected: text('undetected') };
  }
}

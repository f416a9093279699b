/** Parses an LLM-written answer key (Japanese or English template, with drift) into the canonical AnswerKey. */
import type { AnswerKey, ParseWarning, Problem } from '../types/AnswerKey.ts';
import { InputError } from '../errors.ts';
import { findBonusTables, type BonusTables } from './bonusTable.ts';
import { headerField, sectionKind, type HeaderField, type SectionKind } from './labels.ts';
import { matchBullet, matchHeading, matchLabelled, norm, splitLines, type SourceLine } from './markdown.ts';
import { ProblemBlock, type DraftProblem } from './problemBlock.ts';
import { mediumReading, severityLevel } from './severity.ts';

const PROBLEM_HEADING = /^(?:\*\*|__)?P(\d+)(?:\*\*|__)?(?:\s*[:：.\-–—]\s*|\s+|$)(.*)$/;

/** Normalises `P1` to `P01`: ids compare and print with two digits minimum. */
export function problemId(digits: string): string {
  return `P${digits.padStart(2, '0')}`;
}

/** A heading-delimited stretch whose content the template does not define; reported once if non-empty. */
interface IgnoredBlock {
  heading: string;
  line: number;
  hasContent: boolean;
}

class KeyReader {
  readonly warnings: ParseWarning[] = [];
  readonly drafts: DraftProblem[] = [];
  title: string | null = null;
  readonly header: Partial<Record<Exclude<HeaderField, 'extra'>, { value: string; line: number }>> = {};
  private section: SectionKind | 'preamble' = 'preamble';
  private sectionLine = 0;
  private problem: ProblemBlock | null = null;
  private problemLevel = 3;
  private ignored: IgnoredBlock | null = null;
  private readonly seenIds = new Map<string, number>();
  readonly tables: BonusTables;
  /** Line of the bonus H2, to report a bonus section that yielded no rows. */
  bonusLine: number | null = null;

  constructor(
    private readonly lines: SourceLine[],
    private readonly file: string,
  ) {
    this.tables = findBonusTables(lines);
    this.warnings.push(...this.tables.warnings);
  }

  read(): void {
    let prev: SourceLine | null = null;
    for (const line of this.lines) {
      const duplicate = prev !== null && line.text.trim() !== '' && line.text === prev.text && matchBullet(line);
      if (duplicate) {
        this.warnings.push({ line: line.no, message: `duplicate of line ${prev!.no} ignored: ${line.text.trim().slice(0, 80)}` });
        continue;
      }
      prev = line;
      this.readLine(line);
    }
    this.endProblem();
    this.flushIgnored();
  }

  private readLine(line: SourceLine): void {
    if (this.tables.lines.has(line.no)) {
      if (this.tables.starts.has(line.no)) this.endProblem();
      return;
    }
    const h = matchHeading(line);
    if (h) return this.readHeading(h.level, h.text, line);
    if (this.problem) return this.problem.add(line);
    const bullet = matchBullet(line);
    const lab = bullet && bullet.indent < 2 ? matchLabelled(bullet.body) : null;
    const field = lab ? headerField(lab.label) : undefined;
    const headerZone = this.section === 'preamble' || this.section === 'execution';
    if (lab && field && (headerZone || this.section === 'other')) {
      if (field !== 'extra') this.setHeader(field, lab.value, line.no);
      return;
    }
    if (lab?.bold && headerZone) {
      this.warnings.push({ line: line.no, message: `unknown execution field '${lab.label}' ignored (expected 観点/Perspective, 対象/Target or 埋め込み問題数/Embedded Problems)` });
      return;
    }
    if (this.ignored && line.text.trim() !== '') this.ignored.hasContent = true;
  }

  private readHeading(level: number, text: string, line: SourceLine): void {
    const no = line.no;
    const p = level >= 2 && level <= 4 ? PROBLEM_HEADING.exec(text) : null;
    if (p) {
      this.endProblem();
      // A section that holds problems is in use whatever its heading says: no 'ignored' warning for it.
      if (this.section === 'other' && this.ignored?.line === this.sectionLine) this.ignored = null;
      else this.flushIgnored();
      const id = problemId(p[1]!);
      const earlier = this.seenIds.get(id);
      if (earlier !== undefined) {
        throw new InputError(`duplicate problem id ${id} (first at line ${earlier}); expected each '### Pnn' heading to be unique`, this.file, no);
      }
      this.seenIds.set(id, no);
      const title = p[2]!.trim().replace(/^(\*\*|__)(.*)\1$/, '$2').trim();
      this.problem = new ProblemBlock(id, title, no, this.file, this.warnings);
      this.problemLevel = level;
      return;
    }
    // Deeper headings inside a problem are part of its text; same-or-higher ones close it.
    if (this.problem && level <= this.problemLevel) this.endProblem();
    if (this.problem) return this.problem.add(line);
    if (level === 1) {
      if (this.title === null) this.title = text;
      else this.warnings.push({ line: no, message: `second '# ' title ignored: ${text}` });
      return;
    }
    if (level === 2) {
      this.flushIgnored();
      this.section = sectionKind(text);
      this.sectionLine = no;
      if (this.section === 'bonus') this.bonusLine ??= no;
      if (this.section === 'other') this.ignored = { heading: text, line: no, hasContent: false };
      return;
    }
    // Sub-headings of a stray H2 share its single warning; elsewhere each non-problem heading gets its own.
    const strayH2Open = this.section === 'other' && this.ignored?.line === this.sectionLine;
    if ((this.section === 'problems' || this.section === 'other') && !strayH2Open) {
      this.flushIgnored();
      this.ignored = { heading: text, line: no, hasContent: false };
    }
  }

  private setHeader(field: Exclude<HeaderField, 'extra'>, value: string, no: number): void {
    const kept = this.header[field];
    if (kept) {
      this.warnings.push({ line: no, message: `second '${field}' execution field ignored; kept the one from line ${kept.line}` });
      return;
    }
    this.header[field] = { value, line: no };
  }

  private endProblem(): void {
    if (!this.problem) return;
    this.drafts.push(this.problem.finish());
    this.problem = null;
  }

  private flushIgnored(): void {
    const b = this.ignored;
    this.ignored = null;
    if (b?.hasContent) {
      this.warnings.push({ line: b.line, message: `section '${b.heading}' is not part of the answer-key template (not a 'Pnn' problem); its content was ignored` });
    }
  }
}

function parseCount(raw: { value: string; line: number } | undefined, warnings: ParseWarning[]): number | null {
  if (!raw) return null;
  const m = /\d+/.exec(raw.value.normalize('NFKC'));
  if (m) return Number.parseInt(m[0], 10);
  warnings.push({ line: raw.line, message: `embedded problem count '${raw.value}' has no number; expected e.g. '10問' or '10'` });
  return null;
}

/**
 * Parses answer-key markdown. Pure: `file` is only used in errors and never read.
 * Throws InputError (file, line) when the text has no `### Pnn` problems, a problem lacks one of
 * its ○/△/× criteria, or a problem or bonus id repeats; anything else it cannot place becomes a warning.
 */
export function parseAnswerKey(text: string, file: string): AnswerKey {
  const lines = splitLines(text);
  const reader = new KeyReader(lines, file);
  reader.read();
  const { warnings, drafts, header } = reader;
  if (drafts.length === 0) {
    throw new InputError(
      "not an answer key: no '### P01: ...' problem headings found; expected H3 headings like '### P01: <title>' each followed by '- **Category**: ...', '- **Severity**: ...', '- **Detection Criteria**:' bullets",
      file,
      1,
    );
  }
  const tables = reader.tables;
  const seenBonus = new Map<string, number>();
  for (const row of tables.rows) {
    const earlier = seenBonus.get(row.bonus.id);
    if (earlier !== undefined) {
      throw new InputError(`duplicate bonus id ${row.bonus.id} (first at line ${earlier}); expected each 'B01'-style row id to be unique`, file, row.line);
    }
    seenBonus.set(row.bonus.id, row.line);
  }
  const bonusLine = reader.bonusLine;
  if (bonusLine !== null && tables.rows.length === 0) {
    warnings.push({ line: bonusLine, message: "bonus section has no table rows starting with 'B01'-style ids; no bonuses read" });
  }

  const medium = mediumReading(drafts.flatMap((d) => (d.severityRaw ? [d.severityRaw] : [])));
  const problems: Problem[] = drafts.map((d) => {
    const raw = d.severityRaw ?? '';
    const level = raw ? severityLevel(raw, medium) : null;
    if (raw && level === null) {
      warnings.push({ line: d.line, message: `${d.id}: severity '${raw}' is not a known level (expected 重大/中/軽微, Critical/Major/Minor, High/Medium/Low ...); level set to null` });
    }
    return { id: d.id, title: d.title, category: d.category, severity: { raw, level }, location: d.location, description: d.description, criteria: d.criteria };
  });

  const declaredProblemCount = parseCount(header.count, warnings);
  if (declaredProblemCount !== null && declaredProblemCount !== problems.length) {
    warnings.push({ line: header.count!.line, message: `key declares ${declaredProblemCount} embedded problems but ${problems.length} '### Pnn' problems were found` });
  }
  const title = reader.title ?? '';
  if (reader.title === null) warnings.push({ line: 1, message: "no '# ' title heading found" });
  const round = /(?:round|ラウンド)\s*[-_#:]?\s*(\d+)/i.exec(norm(title));
  warnings.sort((a, b) => a.line - b.line);
  return {
    title,
    round: round ? Number.parseInt(round[1]!, 10) : null,
    perspective: header.perspective?.value || null,
    target: header.target?.value || null,
    declaredProblemCount,
    problems,
    bonuses: tables.rows.map((r) => r.bonus),
    warnings,
  };
}

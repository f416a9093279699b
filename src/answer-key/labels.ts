/** Label and heading synonyms seen in LLM-written answer keys (Japanese and English), matched after `norm()`. */
import { norm } from './markdown.ts';

/** The problem fields a bullet label can name. */
export type ProblemField = 'category' | 'severity' | 'location' | 'description' | 'criteria' | 'extra';

/** The execution-block fields a bullet label can name. */
export type HeaderField = 'perspective' | 'target' | 'count' | 'extra';

/** Which kind of H2 section a heading opens. */
export type SectionKind = 'execution' | 'problems' | 'bonus' | 'other';

const PROBLEM_LABELS: Record<string, ProblemField> = {
  カテゴリ: 'category',
  カテゴリー: 'category',
  category: 'category',
  分類: 'category',
  深刻度: 'severity',
  重要度: 'severity',
  severity: 'severity',
  'severity level': 'severity',
  該当箇所: 'location',
  箇所: 'location',
  location: 'location',
  locations: 'location',
  問題の説明: 'description',
  説明: 'description',
  問題内容: 'description',
  'problem description': 'description',
  'issue description': 'description',
  description: 'description',
  observation: 'description',
  details: 'description',
  検出判定基準: 'criteria',
  判定基準: 'criteria',
  'detection criteria': 'criteria',
  'detection criterion': 'criteria',
  criteria: 'criteria',
  // Extras are template drift that carries nothing the schema holds. They are dropped without a
  // warning because they are listed here on purpose; anything not listed still warns.
  'severity justification': 'extra',
  'severity rationale': 'extra',
  深刻度の根拠: 'extra',
  深刻度の理由: 'extra',
  rationale: 'extra',
};

const HEADER_LABELS: Record<string, HeaderField> = {
  観点: 'perspective',
  perspective: 'perspective',
  'observation perspective': 'perspective',
  observation: 'perspective',
  対象: 'target',
  target: 'target',
  埋め込み問題数: 'count',
  問題数: 'count',
  'embedded problems': 'count',
  'embedded issues': 'count',
  'embedded problem count': 'count',
  'embedded issue count': 'count',
  'number of problems': 'count',
  'problem count': 'count',
  // Descriptive context some keys add; nothing in the schema holds it, so it is dropped knowingly.
  domain: 'extra',
  ドメイン: 'extra',
  'test document theme': 'extra',
  theme: 'extra',
  テーマ: 'extra',
};

/** Maps a problem bullet label to its field, or undefined when the label is unknown. */
export function problemField(label: string): ProblemField | undefined {
  return PROBLEM_LABELS[norm(label)];
}

/** Maps an execution-block bullet label to its field, or undefined when the label is unknown. */
export function headerField(label: string): HeaderField | undefined {
  return HEADER_LABELS[norm(label)];
}

/** Classifies an H2 heading by its wording so stray sections can be told apart from the template's. */
export function sectionKind(heading: string): SectionKind {
  const h = norm(heading);
  if (/ボーナス|bonus/.test(h)) return 'bonus';
  if (/実行条件|execution|^conditions?$|^context$/.test(h)) return 'execution';
  if (/埋め込み|問題一覧|embedded|planted|^(problems?|issues?)( list)?$/.test(h)) return 'problems';
  return 'other';
}

/**
 * The rubric's verdict scale, defined once: symbols, their order, the words judges answer with and
 * the names reports use. Points are not here: they belong to the rubric (`--rubric` may change them).
 */

/** The three verdicts in the rubric's display order: detected, partial, undetected. */
export const VERDICTS = ['○', '△', '×'] as const;

/** A verdict of the rubric: ○ detected, △ partial, × undetected. */
export type Verdict = (typeof VERDICTS)[number];

/** Verdicts from worst to best: the ordinal order of κ matrices and of the voting tie rule. */
export const VERDICT_ORDER: readonly Verdict[] = ['×', '△', '○'];

/** What each verdict is called: the judge schema's word (words are sturdier for models than symbols), the English and Japanese labels, and a class-name key. */
export const VERDICT_NAMES: Readonly<Record<Verdict, { word: 'detected' | 'partial' | 'undetected'; en: string; ja: string; key: 'o' | 't' | 'x' }>> = {
  '○': { word: 'detected', en: 'detected', ja: '検出', key: 'o' },
  '△': { word: 'partial', en: 'partial', ja: '部分検出', key: 't' },
  '×': { word: 'undetected', en: 'missed', ja: '未検出', key: 'x' },
};

/** True for ○, △ and × (false for `unscored` and anything else). */
export function isVerdict(x: unknown): x is Verdict {
  return x === '○' || x === '△' || x === '×';
}

/** The verdict the judge's schema word stands for. */
export function verdictOfWord(word: 'detected' | 'partial' | 'undetected'): Verdict {
  return VERDICTS.find((v) => VERDICT_NAMES[v].word === word)!;
}

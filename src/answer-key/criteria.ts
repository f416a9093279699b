/** Recognises ○/△/× criterion bullets whatever bracket, label word or colon style the key used. */

/** The three detection verdicts, keyed by their schema names. */
export type Verdict = 'detected' | 'partial' | 'undetected';

const SYMBOLS: Record<string, Verdict> = {
  '○': 'detected',
  '◯': 'detected',
  '〇': 'detected',
  '⭕': 'detected',
  '△': 'partial',
  '▵': 'partial',
  '×': 'undetected',
  '✕': 'undetected',
  '✖': 'undetected',
  '✗': 'undetected',
  '☓': 'undetected',
};

const HEAD = /^(?:\*\*|__)?\s*([○◯〇⭕△▵×✕✖✗☓])\s*/u;
const BRACKET = /^[（(［[【]([^）)］\]】]{0,40})[）)］\]】]\s*/;
// A bracketless verdict word before the colon, e.g. `○ Detected:` or `× 未検出：`.
const WORD = /^((?:full |partial |not |no |un)?(?:detect(?:ed|ion)?|partial|missed|検出|部分検出|未検出)[^:：]{0,12})\s*(?:\*\*|__)?\s*[:：]\s*/i;

/** A criterion bullet's verdict and the text after its label. */
export interface CriterionHead {
  verdict: Verdict;
  text: string;
}

/** Reads a bullet body such as `○（検出）: ...` or `**× (Missed)**: ...`; null if it is not a criterion. */
export function matchCriterion(body: string): CriterionHead | null {
  const head = HEAD.exec(body);
  if (!head) return null;
  const verdict = SYMBOLS[head[1]!];
  if (!verdict) return null;
  let rest = body.slice(head[0].length);
  const bracket = BRACKET.exec(rest);
  if (bracket) rest = rest.slice(bracket[0].length);
  else {
    const word = WORD.exec(rest);
    if (word) rest = rest.slice(word[0].length);
  }
  rest = rest.replace(/^(?:\*\*|__)\s*/, '').replace(/^[:：]\s*/, '');
  return { verdict, text: rest.trim() };
}

/** How each verdict is named in messages, with an example of the bullet the parser expects. */
export const VERDICT_INFO: Record<Verdict, { name: string; example: string }> = {
  detected: { name: '○ (detected)', example: "'- ○ (Detected): ...'" },
  partial: { name: '△ (partial)', example: "'- △ (Partial): ...'" },
  undetected: { name: '× (undetected)', example: "'- × (Undetected): ...'" },
};

/**
 * Tokens for comparing short key texts in English and Japanese without a dictionary: Latin words
 * (lowercased, a plural or -ing/-ed ending cut), and for CJK text character bigrams, since Japanese has
 * no spaces. Function words and bigrams of hiragana alone (particles, verb endings) are left out.
 */

// Words that say nothing about the subject of a problem: grammar, and the verbs every criterion uses.
const STOP = new Set(
  'a an the of for to in on at by as is are be been was were it its this that these those with without and or nor not no any all some such via per than then from into over under between e g eg etc i ie vs do does can could should would may might must will shall has have had there their them they which who whom what when where how why'.split(
    ' ',
  ),
);

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]+/gu;
const WORD = /[a-z0-9]+(?:[.'][a-z0-9]+)*/g;
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;

/** Cuts common English endings so "alerts"/"alerting"/"alerted" meet "alert". */
function stem(w: string): string {
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Pure: the set of comparison tokens of a text (Latin words, and `bigram` entries for CJK runs). */
export function textTokens(text: string): Set<string> {
  const s = text.normalize('NFKC').toLowerCase();
  const out = new Set<string>();
  for (const run of s.match(CJK_RUN) ?? []) {
    const chars = [...run];
    if (chars.length === 1) {
      if (!HIRAGANA_ONLY.test(run)) out.add(run);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) {
      const bigram = chars[i]! + chars[i + 1]!;
      if (!HIRAGANA_ONLY.test(bigram)) out.add(bigram);
    }
  }
  for (const w of s.replace(CJK_RUN, ' ').match(WORD) ?? []) {
    if (STOP.has(w) || (w.length < 2 && !/\d/.test(w))) continue;
    out.add(stem(w));
  }
  return out;
}

/** A scripted "judge brain" for the fake servers: reads the prompt off the wire and answers in the detection schema. */
import type { Reply, Script } from '../fakes/fakeServer.ts';

/** The parts of a judge prompt the brain looks at. */
export interface PromptView {
  review: string;
  problemId: string;
  /** Title line of the review (first heading), handy to tell reviews apart. */
  reviewTitle: string;
}

/** Text of a chat-completions or messages request, in order. */
function textsOf(body: any): string[] {
  const out: string[] = [];
  const visit = (content: unknown) => {
    if (typeof content === 'string') out.push(content);
    else if (Array.isArray(content)) for (const part of content) if (part && typeof part.text === 'string') out.push(part.text);
  };
  if (typeof body?.system === 'string') out.push(body.system);
  else visit(body?.system);
  for (const m of body?.messages ?? []) visit(m.content);
  return out;
}

/** Pulls the fenced review and the problem id (`audit` for an audit request) out of a request body of either wire format. */
export function viewPrompt(body: any): PromptView {
  const all = textsOf(body).join('\n');
  const fence = /<<<(REVIEW-[0-9a-f]+)\n([\s\S]*?)\n\1>>>/.exec(all);
  const id = /^- ID: (P\d+)$/m.exec(all);
  const audit = all.includes('# Planted problems of the answer key');
  if (!fence || (!id && !audit)) throw new Error('fake judge: request has no fenced review or no problem id');
  const review = fence[2]!;
  const reviewTitle = /^#+\s*(.+)$/m.exec(review)?.[1] ?? '';
  return { review, problemId: id ? id[1]! : 'audit', reviewTitle };
}

/** One audit finding as the fake judge reports it. */
export interface FakeFinding {
  location: string;
  quote: string;
  classification: 'matches' | 'bonus' | 'penalty' | 'neutral';
  matches?: string[];
  bonus_id?: string | null;
}

/** An audit answer in the audit schema. */
export function auditOutput(findings: FakeFinding[]) {
  return { findings: findings.map((f) => ({ location: f.location, quote: f.quote, reasoning: `fake judge: ${f.classification}`, classification: f.classification, matches: f.matches ?? [], bonus_id: f.bonus_id ?? null })) };
}

/** A line of the review long enough to serve as a verbatim quote. */
export function quotableLine(review: string, hint?: RegExp): string {
  const lines = review.split('\n').map((l) => l.replace(/^[#>*\-\s]+/, '').trim()).filter((l) => l.length >= 20);
  return (hint && lines.find((l) => hint.test(l))) ?? lines[0] ?? review.trim();
}

type Word = 'detected' | 'partial' | 'undetected';

/** A detection answer; ○/△ quote a real review line unless `quote` says otherwise. */
export function detectionOutput(view: PromptView, verdict: Word, quote?: string) {
  return {
    reasoning: `fake judge: ${view.problemId} is ${verdict}`,
    evidence: verdict === 'undetected' ? [] : [{ location: 'fake', quote: quote ?? quotableLine(view.review) }],
    verdict,
  };
}

/**
 * A script whose verdict for each request comes from `decide`; it may return a verdict word, several
 * (one per sample, cycled), or a whole Reply for faults.
 */
export function judgeScript(
  decide: (view: PromptView, index: number) => Word | Word[] | Reply,
  audit: (view: PromptView, index: number) => FakeFinding[] | Reply = () => [],
): Script {
  return (body, index) => {
    const view = viewPrompt(body);
    if (view.problemId === 'audit') {
      const a = audit(view, index);
      return Array.isArray(a) ? { type: 'json', outputs: [auditOutput(a)] } : a;
    }
    const d = decide(view, index);
    if (typeof d === 'string') return { type: 'json', outputs: [detectionOutput(view, d)] };
    if (Array.isArray(d)) return { type: 'json', outputs: d.map((w) => detectionOutput(view, w)) };
    return d;
  };
}

/** Maps the rubric's symbols to the schema's words. */
export const WORD: Record<string, Word> = { '○': 'detected', '△': 'partial', '×': 'undetected' };

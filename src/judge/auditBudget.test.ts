import { describe, expect, it } from 'vitest';
import { AUDIT_TOKENS_PER_FINDING, auditOutputTokens, findingCandidates } from './auditBudget.ts';

describe('findingCandidates', () => {
  it.each([
    ['no headings', 'just prose\nmore prose', 0],
    ['the title does not count, H2-H6 do', '# Review\n## Summary\n### C1 Retry\n#### Detail\n###### deep', 4],
    ['a heading needs a space after the hashes', '##no\n## yes', 1],
    ['headings inside a code fence do not count', '## A\n```yaml\n# comment\n## not a heading\n```\n## B', 2],
    ['a tilde fence, closed only by tildes', '~~~\n## x\n```\n## y\n~~~\n## z', 1],
    ['a longer fence is closed only by one as long', '````\n```\n## in\n````\n## out', 1],
    ['table rows count, not the header or the separator', '| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |', 2],
    ['two tables, each with its own header', '| h |\n|---|\n| 1 |\n\n| h |\n| :-: |\n| 2 |\n| 3 |', 3],
    ['indented rows and headings (up to three spaces)', '   ## H\n  | h |\n  |---|\n  | r |', 2],
    ['CRLF line ends', '## A\r\n## B\r\n', 2],
    ['Japanese headings', '## 指摘一覧\n### C1: 冪等性の欠如\n### C2: タイムアウト未定義', 3],
  ])('%s', (_case, text, expected) => expect(findingCandidates(text)).toBe(expected));
});

describe('auditOutputTokens', () => {
  const per = AUDIT_TOKENS_PER_FINDING;
  it.each([
    ['no candidates: the judge default', 0, { budget: 4096, max: 32768 }, 4096],
    ['grows with the candidates', 40, { budget: 4096, max: 32768 }, 4096 + 40 * per],
    ['capped at the documented maximum', 400, { budget: 4096, max: 32768 }, 32768],
    ['no documented maximum (max = budget): never grows', 80, { budget: 4096, max: 4096 }, 4096],
    ['a reasoning model keeps its reasoning room', 80, { budget: 16384, max: 128000 }, 16384 + 80 * per],
  ])('%s', (_case, candidates, limits, expected) => expect(auditOutputTokens(candidates, limits)).toBe(expected));
});

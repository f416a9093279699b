/** Writes a held-out-size round (4 reviews × 10 planted problems, short reviews) into `dir` for the local-judge tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const TOPICS = [
  ['payment gateway retries', 'Fault Recovery Design'],
  ['order idempotency', 'Data Integrity & Idempotency'],
  ['SLO alerting', 'Monitoring & Alerting'],
  ['database failover', 'Availability'],
  ['queue back-pressure', 'Fault Recovery Design'],
  ['cache stampede', 'Availability'],
  ['schema migration rollback', 'Deployment'],
  ['timeout budgets', 'Fault Recovery Design'],
  ['backup restore drills', 'Disaster Recovery'],
  ['rate limiting', 'Availability'],
] as const;

/** The round folder: answer-key-round-001.md, perspective.md and results/v001-*-run{1,2}.md. */
export function writeHeldOutRound(dir: string): string {
  mkdirSync(path.join(dir, 'results'), { recursive: true });
  const problems = TOPICS.map(([topic, category], i) => {
    const id = `P${String(i + 1).padStart(2, '0')}`;
    return [
      `### ${id}: No design for ${topic}`,
      `- **Category**: ${category}`,
      `- **Severity**: ${i < 3 ? 'Critical' : 'Moderate'}`,
      `- **Location**: Section ${i + 1}`,
      `- **Problem Description**: The design says nothing about ${topic}.`,
      '- **Detection Criteria**:',
      `  - ○ (Detected): Points out the missing ${topic} design`,
      `  - △ (Partial): Mentions ${topic} in passing`,
      '  - × (Undetected): No mention',
      '',
    ].join('\n');
  });
  writeFileSync(
    path.join(dir, 'answer-key-round-001.md'),
    ['# Answer Key - Round 001', '', '## Execution Conditions', '- **Perspective**: reliability', '- **Target**: design', '- **Embedded Problems**: 10', '', '## Embedded Problem List', '', ...problems, '## Bonus Problem List', '', '| ID | Category | Description | Bonus Condition |', '|----|----------|-------------|-----------------|', '| B01 | Availability | Single region | Points out the single region |', ''].join('\n'),
  );
  writeFileSync(path.join(dir, 'perspective.md'), '# Perspective: reliability (design review)\n\n## Overview\nFault tolerance of the design.\n\n## Evaluation Scope\n- Fault recovery, availability, monitoring\n\n## Out of Scope\n- Security\n\n## Bonus/Penalty Guidance\n- Bonus: operational problems not in the key.\n');
  const reviews = [
    ['baseline', 1, [0, 1, 2, 3]],
    ['baseline', 2, [0, 2, 4]],
    ['variant-terse', 1, [1, 5, 6, 7]],
    ['variant-terse', 2, [8, 9]],
  ] as const;
  for (const [prompt, run, found] of reviews) {
    const body = found.map((i, n) => `## C${n + 1}: Missing ${TOPICS[i]![0]}\nThe design has no plan for ${TOPICS[i]![0]}, so a failure there is not handled.\n`).join('\n');
    writeFileSync(path.join(dir, 'results', `v001-${prompt}-run${run}.md`), `# Reliability review: ${prompt} run ${run}\n\n${body}`);
  }
  return dir;
}

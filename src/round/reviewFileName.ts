const RUN_FILE = /^v(\d{3,})-(.+)-run(\d+)\.md$/;

/** Reads prompt, run and round from a workflow run file name (`v006-baseline-run2.md`). */
export function parseRunFileName(name: string): { round: number; prompt: string; run: number } | null {
  const m = RUN_FILE.exec(name);
  if (!m) return null;
  return { round: Number(m[1]), prompt: m[2]!, run: Number(m[3]) };
}

/** Identity for an ad-hoc review file: workflow names are parsed, others use the stem and run 1. */
export function identifyReviewFile(name: string): { prompt: string; run: number } {
  const parsed = parseRunFileName(name);
  if (parsed) return { prompt: parsed.prompt, run: parsed.run };
  const stem = name.replace(/\.(md|markdown|txt)$/i, '');
  const m = /^(.*?)[-_.]?run(\d+)$/i.exec(stem);
  if (m && m[1]) return { prompt: m[1], run: Number(m[2]) };
  return { prompt: stem, run: 1 };
}

/** Inputs the benchmarks judge: a synthetic round folder, or real corpus reviews copied under unique names. */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './options.ts';

/** The bundled answer key (round 006, 10 planted problems) every synthetic run is judged against. */
export const BUNDLED_KEY = path.join(REPO, 'answer-keys', 'round-006.md');
export const KEY_PROBLEMS = 10;
export const ROUND = 6;
const PROMPTS = ['baseline', 'variant-a', 'variant-b', 'variant-c'];

const TOPICS = [
  'The MQTT command path has no circuit breaker, timeout or retry budget',
  'Kinesis consumers may write the same sensor reading twice after a restart',
  'Device commands are retried without an idempotency key in device_commands',
  'Cross-region failover has no trigger conditions or replication-lag policy',
  'Redis is a single point of failure for session and rate-limit state',
  'Firmware rollout lacks a staged canary and an automatic rollback',
  'Alert thresholds are not tied to SLOs and have no runbooks',
  'Database migrations run during deploy without a backward-compatible phase',
  'Backpressure between ingestion and analytics is not designed',
  'Health checks only test process liveness, not dependencies',
];

/** A small synthetic review (~1.5 kB): unique text, quotable lines, a heading. */
export function syntheticReview(prompt: string, run: number, index: number, padToBytes = 0): string {
  const lines = [`# Reliability review: ${prompt} run ${run}`, '', '## Findings', ''];
  for (let f = 0; f < 8; f++) {
    const topic = TOPICS[(index + f * 3) % TOPICS.length]!;
    lines.push(`${f + 1}. **R${index}-${f + 1}**: ${topic} (finding ${index}.${f + 1}, severity ${['critical', 'major', 'minor'][(index + f) % 3]}).`);
    lines.push(`   Recommendation ${index}.${f + 1}: define the missing policy and test it under failure injection.`);
  }
  lines.push('', '## Summary', '', `Review ${index} lists ${8} findings for the ${prompt} prompt.`);
  let text = lines.join('\n') + '\n';
  for (let p = 0; Buffer.byteLength(text) < padToBytes; p++) {
    text += `\n### Detail ${p + 1}\n\n${TOPICS[(index + p) % TOPICS.length]}. The design should state the owner, the limit and the fallback of this behaviour, and how it is verified (detail ${index}.${p + 1}).\n`;
  }
  return text;
}

/**
 * A workflow round folder `<dir>/round` with the bundled key as round 006 and `reviews` synthetic
 * reviews spread over four prompts. Returns the folder relative to `dir`.
 */
export function writeSyntheticRound(dir: string, reviews: number, padToBytes = 0, name = 'round'): string {
  const round = path.join(dir, name);
  const results = path.join(round, 'results');
  mkdirSync(results, { recursive: true });
  copyFileSync(BUNDLED_KEY, path.join(round, 'answer-key-round-006.md'));
  for (let i = 0; i < reviews; i++) {
    const prompt = PROMPTS[i % PROMPTS.length]!;
    const run = Math.floor(i / PROMPTS.length) + 1;
    writeFileSync(path.join(results, `v006-${prompt}-run${run}.md`), syntheticReview(prompt, run, i, padToBytes));
  }
  return name;
}

/** Perspectives of the synthetic workflow root's series (`<perspective>-design/`). */
const PERSPECTIVES = ['reliability', 'security', 'performance', 'consistency', 'maintainability', 'observability', 'operability', 'usability', 'privacy', 'cost'];

/**
 * A synthetic workflow root `<dir>/<name>/` with `series` folders `<perspective>-design/`, each one
 * round (the bundled key as round 006) of `reviewsPerRound` reviews, every review text unique
 * across the root (so no vote is shared between rounds). Returns the root relative to `dir`.
 */
export function writeSyntheticRoot(dir: string, name: string, series: number, reviewsPerRound: number, padToBytes = 0): string {
  const root = path.join(dir, name);
  for (let s = 0; s < series; s++) {
    const folder = `${PERSPECTIVES[s % PERSPECTIVES.length]}${s >= PERSPECTIVES.length ? `-${Math.floor(s / PERSPECTIVES.length) + 1}` : ''}-design`;
    const results = path.join(root, folder, 'results');
    mkdirSync(results, { recursive: true });
    copyFileSync(BUNDLED_KEY, path.join(root, folder, 'answer-key-round-006.md'));
    for (let i = 0; i < reviewsPerRound; i++) {
      const prompt = PROMPTS[i % PROMPTS.length]!;
      const run = Math.floor(i / PROMPTS.length) + 1;
      const text = syntheticReview(`${folder} ${prompt}`, run, s * reviewsPerRound + i, padToBytes);
      writeFileSync(path.join(results, `v006-${prompt}-run${run}.md`), text);
    }
  }
  return name;
}

/** Review files of the workflow corpus (`rounds/<series>/results/vNNN-<prompt>-runR.md`), sorted. */
export function corpusReviewFiles(corpus: string): string[] {
  const rounds = path.join(corpus, 'rounds');
  if (!existsSync(rounds)) return [];
  const out: string[] = [];
  for (const series of readdirSync(rounds).sort()) {
    const results = path.join(rounds, series, 'results');
    if (!existsSync(results)) continue;
    for (const f of readdirSync(results).sort()) if (/^v\d{3,}-.+-run\d+\.md$/.test(f)) out.push(path.join(results, f));
  }
  return out;
}

/**
 * `count` reviews in `<dir>/<sub>`: corpus reviews under unique names (`<series>-vNNN-<prompt>-runR.md`),
 * cycled with a marker line when more are asked than the corpus has; synthetic ones of corpus size
 * (24 kB, its median) when the corpus is absent. Returns where they came from.
 */
export function writeReviewSet(dir: string, sub: string, count: number, corpus: string): { source: 'corpus' | 'synthetic'; distinct: number; bytes: number } {
  const out = path.join(dir, sub);
  mkdirSync(out, { recursive: true });
  const files = corpusReviewFiles(corpus);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    let name: string;
    let text: string;
    if (files.length) {
      const src = files[i % files.length]!;
      const copy = Math.floor(i / files.length);
      const series = path.basename(path.dirname(path.dirname(src)));
      const m = /^(.*)-run(\d+)\.md$/.exec(path.basename(src))!;
      name = `${series}-${m[1]}${copy ? `-copy${copy + 1}` : ''}-run${m[2]}.md`;
      text = readFileSync(src, 'utf8') + (copy ? `\n<!-- bench copy ${copy + 1} -->\n` : '');
    } else {
      const prompt = PROMPTS[i % PROMPTS.length]!;
      const run = Math.floor(i / PROMPTS.length) + 1;
      name = `synthetic-${prompt}-run${run}.md`;
      text = syntheticReview(prompt, run, i, 24_000);
    }
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(out, name), text);
  }
  return { source: files.length ? 'corpus' : 'synthetic', distinct: files.length ? Math.min(count, files.length) : count, bytes };
}

/** Files and bytes under a folder (the cache's size on disk). */
export function folderSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        files++;
        bytes += statSync(p).size;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, bytes };
}

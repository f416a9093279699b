import { bundledCatalogue, mergeCatalogue } from '../catalogue/loadCatalogue.ts';
import { daysUntil, lifecycle } from '../catalogue/resolveModel.ts';
import { EXIT, type CliIO } from './CliIO.ts';
import { readJsonFile } from './readJsonFile.ts';

/** `review-judge models [--json] [--models FILE]`: the dated model catalogue, with each model's standing today. */
export async function modelsCommand(opts: { json?: boolean; models?: string }, io: CliIO): Promise<number> {
  const cat = opts.models ? mergeCatalogue(bundledCatalogue(), await readJsonFile(opts.models, io), opts.models) : bundledCatalogue();
  const today = io.now();
  const rows = cat.models.map((m) => {
    const life = lifecycle(m, today);
    const status = life.state === 'shut-down' ? `shut down ${m.shutdown}` : life.state === 'ending' ? `shuts down ${m.shutdown} (${life.days} days)` : m.shutdown ? `until ${m.shutdown} (${daysUntil(m.shutdown, today)} days)` : 'current';
    return { ...m, status, default: cat.defaults[m.provider] === m.id };
  });
  if (opts.json) {
    io.stdout(JSON.stringify({ date: cat.date, defaults: cat.defaults, judgingEffort: cat.judgingEffort, sources: cat.sources, models: rows }, null, 2) + '\n');
    return EXIT.ok;
  }
  const price = (m: (typeof rows)[number]) => (m.prices ? `$${m.prices.input} / $${m.prices.cachedInput} / $${m.prices.output}` : 'unpriced');
  const lines = [`model catalogue of ${cat.date} (prices USD per MTok: input / cached input / output; judging effort ${cat.judgingEffort})`];
  for (const provider of ['openai', 'anthropic'] as const) {
    lines.push('', `${provider} (default ${cat.defaults[provider]})`);
    for (const m of rows.filter((r) => r.provider === provider)) {
      const caps = [m.reasoning ? 'reasoning' : 'chat', m.temperature === 'accepted' ? 'temperature' : m.temperature === 'effort-none' ? 'temperature at effort none' : 'no temperature', m.n ? 'n' : 'one sample per request', m.effort ? `effort ${m.effort.values.join('|')}` : null].filter(Boolean).join(', ');
      lines.push(`  ${m.id.padEnd(20)} ${m.status.padEnd(34)} ${price(m).padEnd(26)} ${caps}${m.replacement && m.shutdown ? `; replacement ${m.replacement}` : ''}`);
    }
  }
  lines.push('', 'sources: ' + Object.values(cat.sources).flat().join(' '));
  io.stdout(lines.join('\n') + '\n');
  return EXIT.ok;
}

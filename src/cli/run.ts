import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { config as loadDotenv } from 'dotenv';
import type { CliIO } from './CliIO.ts';
import { main } from './main.ts';

/**
 * Prints each distinct console warning once per process. The Anthropic SDK warns on every request to
 * a deprecated model (42 identical lines in a 20-unit run); once is the message, the rest is noise.
 */
function warnOnce(): void {
  const seen = new Set<string>();
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (seen.has(text)) return;
    seen.add(text);
    warn(...args);
  };
}

/** The process edge: real streams, environment (plus `.env`), clock and randomness. */
export async function run(argv: string[]): Promise<number> {
  warnOnce();
  const env: Record<string, string | undefined> = { ...process.env };
  // .env fills gaps only: a variable set in the environment wins, as users expect.
  loadDotenv({ processEnv: env, quiet: true, override: false });
  const controller = new AbortController();
  // Every in-flight SDK request listens on this one signal; hundreds are expected, not a leak.
  setMaxListeners(0, controller.signal);
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nreview-judge: interrupted: ending the waits, keeping what is finished (Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  const io: CliIO = {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
    now: () => new Date(),
    randomHex: (n) => randomBytes(n).toString('hex'),
    signal: controller.signal,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    openFile: async (file) => (await import('./openInBrowser.ts')).openInBrowser(file),
  };
  const code = await main(argv, io);
  if (interrupted) {
    // Everything finished is on disk (all writes are synchronous); what is left are the SDKs' retry
    // sleeps, which openai 6.x does not end on the signal and which would hold the process for up to
    // --max-retry-wait. The first Ctrl-C ends the run now.
    process.exit(130);
  }
  return code;
}

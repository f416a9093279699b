import { spawn } from 'node:child_process';

/** The command that opens a file in the default browser on a platform (`process.platform`). */
export function openerFor(platform: string, file: string): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [file] };
  // `start` is a cmd builtin; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '', file] };
  return { command: 'xdg-open', args: [file] };
}

/** How long a failing opener is waited for: xdg-open without a display fails at once, while a browser it starts may run for hours. */
const FAIL_WINDOW_MS = 1500;

/**
 * Spawns `command` detached with no stdio and resolves once it has started and not failed within
 * a short window (a missing command, or an exit code other than 0); rejects with why otherwise.
 * The child is unref'd: review-judge exits without waiting for the browser.
 */
export function spawnDetached(command: string, args: string[], failWindowMs = FAIL_WINDOW_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    const timer = setTimeout(() => {
      child.unref();
      resolve();
    }, failWindowMs);
    timer.unref();
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${e.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code ?? signal}`));
    });
  });
}

/** Opens a file in the default browser (the CLI's `openFile` edge); rejects with why when it cannot. */
export function openInBrowser(file: string): Promise<void> {
  const { command, args } = openerFor(process.platform, file);
  return spawnDetached(command, args);
}

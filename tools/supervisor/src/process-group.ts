import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95];

/** Pino JSON lines become `HH:MM:SS level message {ids}`; anything else is printed as is. */
function formatLine(line: string): string {
  try {
    const {
      level,
      time,
      msg,
      service: _s,
      pid: _p,
      hostname: _h,
      ...rest
    } = JSON.parse(line) as Record<string, unknown>;
    const clock = typeof time === 'string' ? time.slice(11, 19) : '';
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
    return `${clock} ${text(level).padEnd(5)} ${text(msg)}${extra}`;
  } catch {
    return line;
  }
}

export interface ProcessGroup {
  start(name: string, command: string, args: string[], env: Record<string, string>): ChildProcess;
  /** SIGTERM in reverse start order, each waited for (SIGKILL after the grace period). */
  stopAll(graceMs?: number): Promise<void>;
  onExit(listener: (name: string, code: number | null) => void): void;
}

export function createProcessGroup(cwd: string): ProcessGroup {
  const children: { name: string; child: ChildProcess }[] = [];
  const exitListeners: ((name: string, code: number | null) => void)[] = [];
  let stopping = false;
  return {
    start(name, command, args, env) {
      const color = COLORS[children.length % COLORS.length] ?? 36;
      const prefix = `\u001b[${color}m${name.padEnd(19)}|\u001b[0m `;
      const child = spawn(command, args, {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      for (const stream of [child.stdout, child.stderr]) {
        if (!stream) continue;
        createInterface({ input: stream }).on('line', (line) =>
          process.stdout.write(`${prefix}${formatLine(line)}\n`),
        );
      }
      child.on('exit', (code) => {
        if (!stopping) exitListeners.forEach((l) => l(name, code));
      });
      children.push({ name, child });
      return child;
    },
    async stopAll(graceMs = 15_000) {
      stopping = true;
      for (const { child } of [...children].reverse()) {
        if (child.exitCode !== null || child.signalCode !== null) continue;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
    },
    onExit: (listener) => void exitListeners.push(listener),
  };
}

export async function waitReady(port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`service on port ${port} not ready after ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

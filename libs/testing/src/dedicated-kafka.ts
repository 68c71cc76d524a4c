import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'infra', 'kafka.sh');

export interface DedicatedKafka {
  brokers: string[];
  /** Starts (or restarts on the same storage) and waits until it answers metadata requests. */
  start(): Promise<void>;
  /** SIGKILL: the broker dies without a clean shutdown. */
  kill(): Promise<void>;
}

/**
 * A broker of its own for fault tests (restarts must not disturb the shared one other tests
 * use): same jars and script as the shared broker, other ports, its own storage.
 */
export function dedicatedKafka(port: number): DedicatedKafka {
  const runDir = mkdtempSync(join(tmpdir(), 'kafka-'));
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(port + 1),
    TRIBUTARY_RUN: runDir,
  };
  const pidFile = join(runDir, 'kafka', 'kafka.pid');
  return {
    brokers: [`127.0.0.1:${port}`],
    async start() {
      await run('bash', [SCRIPT], { env, timeout: 180_000 });
    },
    async kill() {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100; i += 1) {
        try {
          process.kill(pid, 0);
        } catch {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`broker ${pid} did not die`);
    },
  };
}

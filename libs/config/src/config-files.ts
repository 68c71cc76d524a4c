import { readFileSync } from 'node:fs';
import { ConfigError } from './load-config';

/** Reads a file's text; a parameter so tests give files without touching the disk. */
export type FileReader = (path: string) => string;
const readText: FileReader = (path) => readFileSync(path, 'utf8');

/** Reads a file named by `variable`; unreadable is a ConfigError naming it (not the content). */
export function readConfigFile(
  variable: string,
  path: string,
  read: FileReader = readText,
): string {
  try {
    return read(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([{ variable, message: `cannot read ${path} (${reason})` }]);
  }
}

/**
 * A secret given directly or as `<NAME>_FILE` (a Kubernetes secret mount), never both. The
 * file's trailing newline is not part of the secret (`echo` and most editors add one).
 */
export function secretFrom(
  variable: string,
  value: string | undefined,
  file: string | undefined,
  read: FileReader = readText,
): string | undefined {
  if (value !== undefined && file !== undefined) {
    throw new ConfigError([
      { variable: `${variable}_FILE`, message: `set either ${variable} or ${variable}_FILE` },
    ]);
  }
  if (file === undefined) return value;
  const secret = readConfigFile(`${variable}_FILE`, file, read).replace(/\r?\n$/, '');
  if (!secret)
    throw new ConfigError([{ variable: `${variable}_FILE`, message: `${file} is empty` }]);
  return secret;
}

/** A command line the user got wrong: the CLIs print it with their usage and exit 2. */
export class UsageError extends Error {}

/** Runs node:util's parseArgs (given as `read`), its complaints turned into UsageError. */
export function readFlags<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function numberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${flag} needs a number, got "${text}"`);
  return value;
}

export function positionWeightsFlag(
  text: string | undefined,
): { first: number; middle: number; last: number } | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((w) => numberFlag('position-weights', w)!);
  if (parts.length !== 3)
    throw new UsageError('--position-weights needs three numbers: first,middle,last');
  return { first: parts[0]!, middle: parts[1]!, last: parts[2]! };
}

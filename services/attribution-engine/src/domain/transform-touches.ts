import { AttributionError } from './attribution-error';
import type { PathTransform } from './path-transform';

/** A touch after transforms: its (possibly relabelled) token and its position in the input path. */
export interface Touch {
  readonly token: string;
  readonly at: number;
}

function frequency(touches: readonly Touch[]): Touch[] {
  const counts = new Map<string, number>();
  for (const { token } of touches) {
    if (/[()]/.test(token)) {
      throw new AttributionError(
        'invalid_option',
        `frequency forbids "(" or ")" in channel "${token}"`,
      );
    }
    counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  const kept = first(touches);
  return kept.map(({ token, at }) => ({ token: `${token}(${counts.get(token)!})`, at }));
}

function first(touches: readonly Touch[]): Touch[] {
  const seen = new Set<string>();
  return touches.filter(({ token }) => !seen.has(token) && seen.add(token));
}

// When every touch is the target channel the path is kept as is, so no journey disappears.
function removeIfNotAll(touches: readonly Touch[], channel: string): readonly Touch[] {
  const kept = touches.filter(({ token }) => token !== channel);
  return kept.length > 0 ? kept : touches;
}

function removeIfLastAndNotAll(touches: readonly Touch[], channel: string): readonly Touch[] {
  let end = touches.length;
  while (end > 0 && touches[end - 1]!.token === channel) end--;
  return end > 0 ? touches.slice(0, end) : touches;
}

/**
 * Applies one transform. Where touches merge, the kept touch is the first of them (its days
 * before conversion come along): exposure keeps the first of each run, first and frequency the
 * first occurrence.
 */
export function transformTouches(
  touches: readonly Touch[],
  transform: PathTransform,
): readonly Touch[] {
  switch (transform.kind) {
    case 'unique':
      return touches;
    case 'exposure':
      return touches.filter((touch, i) => i === 0 || touch.token !== touches[i - 1]!.token);
    case 'first':
      return first(touches);
    case 'frequency':
      return frequency(touches);
    case 'remove-if-not-all':
      return removeIfNotAll(touches, transform.channel);
    case 'remove-if-last-and-not-all':
      return removeIfLastAndNotAll(touches, transform.channel);
    case 'lookback-steps':
      return touches.slice(Math.max(0, touches.length - transform.steps));
  }
}

/** A small seeded PRNG (mulberry32): the same seed gives the same data on every machine. */
export interface Random {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  chance(p: number): boolean;
  id(prefix: string): string;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let counter = 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    weighted(items) {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [item, weight] of items) {
        roll -= weight;
        if (roll < 0) return item;
      }
      return (items[items.length - 1] as readonly [(typeof items)[number][0], number])[0];
    },
    chance: (p) => next() < p,
    id(prefix) {
      counter += 1;
      const hex = Math.floor(next() * 0xffffffff)
        .toString(16)
        .padStart(8, '0');
      return `${prefix}-${counter.toString(36)}-${hex}`;
    },
  };
}

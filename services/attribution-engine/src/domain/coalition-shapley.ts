import { AttributionError } from './attribution-error';

export const DEFAULT_MAX_COALITION_PLAYERS = 20;

/** A characteristic function: the worth of a coalition (players in the caller's order). */
export type CharacteristicFunction = (coalition: readonly string[]) => number;

/**
 * The exact Shapley value of every player, by enumerating all 2^n coalitions:
 * phi_i = sum over S not containing i of |S|!(n-|S|-1)!/n! * (v(S + i) - v(S)).
 * Exponential by nature, so it refuses more than `maxPlayers` players rather than run for hours.
 */
export function coalitionShapley(
  players: readonly string[],
  value: CharacteristicFunction,
  maxPlayers: number = DEFAULT_MAX_COALITION_PLAYERS,
): Record<string, number> {
  const n = players.length;
  if (new Set(players).size !== n) {
    throw new AttributionError('invalid_input', 'coalition players must be distinct');
  }
  if (n > maxPlayers) {
    throw new AttributionError(
      'too_many_channels',
      `exact coalition Shapley is limited to ${maxPlayers} channels, got ${n}`,
    );
  }
  const size = 2 ** n;
  const worth = new Float64Array(size);
  const members = new Uint8Array(size);
  for (let mask = 0; mask < size; mask++) {
    if (mask > 0) members[mask] = members[mask >> 1]! + (mask & 1);
    worth[mask] = value(players.filter((_, i) => (mask & (1 << i)) !== 0));
  }
  // weight[s] = s!(n-s-1)!/n!, built by ratios to avoid huge factorials.
  const weight = new Float64Array(Math.max(n, 1));
  weight[0] = 1 / Math.max(n, 1);
  for (let s = 1; s < n; s++) weight[s] = (weight[s - 1]! * s) / (n - s);
  const phi = new Float64Array(n);
  for (let mask = 0; mask < size; mask++) {
    const w = weight[members[mask]!]!;
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if ((mask & bit) === 0) phi[i]! += w * (worth[mask | bit]! - worth[mask]!);
    }
  }
  return Object.fromEntries(players.map((player, i) => [player, phi[i]!]));
}

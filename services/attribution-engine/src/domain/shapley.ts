import type { AttributionOptions, AttributionResult } from '@tributary/schemas';
import { attributeByWeights } from './attribute-by-weights';
import { channelOf, type PathSummary } from './path-summary';

/**
 * The exact Shapley value of the game v(S) = conversions (or revenue) of the paths whose set of
 * channels is contained in S. v is a sum over paths of unanimity games u_T (worth 1 when S
 * contains T = the path's channel set); Shapley is linear and gives each member of T exactly
 * 1/|T| of u_T, so every path's conversions and revenue split evenly over its distinct channels
 * (Zhao et al. 2018, "Shapley value methods for attribution modeling in online advertising").
 * Non-converting paths have zero worth, so a channel seen only there earns nothing.
 */
export function shapley(summary: PathSummary, options: AttributionOptions = {}): AttributionResult {
  return attributeByWeights(summary, 'shapley', options, (row) => {
    const touchesOf = new Map<string, number>();
    const channels = row.path.map((token) => channelOf(summary, token));
    for (const channel of channels) touchesOf.set(channel, (touchesOf.get(channel) ?? 0) + 1);
    return channels.map((channel) => 1 / touchesOf.size / touchesOf.get(channel)!);
  });
}

/**
 * Whether an action URL may be called: its host (or host:port) is listed, or matches a
 * "*.domain" entry. An empty list allows nothing: payouts only go where an operator said.
 */
export function isHostAllowed(url: string, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  const hostPort = parsed.port ? `${host}:${parsed.port}` : host;
  return allowed.some((entry) => {
    if (entry.startsWith('*.')) return host.endsWith(entry.slice(1));
    return entry === host || entry === hostPort;
  });
}

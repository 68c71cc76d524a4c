import { createServer, type Server } from 'node:http';

export interface ReceivedAction {
  path: string;
  idempotencyKey: string | undefined;
  body: string;
  /**
   * True when the key was already taken: the call is answered as the first one was and has no
   * effect of its own. The dispatcher is at-least-once by design (a process killed after a call
   * but before recording it calls again with the same key), so a receiver must honour the key.
   */
  replayed: boolean;
}

const ACCEPTED = '{"ok":true}';

/**
 * A local stand-in for the bank's systems: answers the ad-hoc profile query (every demo client is
 * `female`, so goal 1101 holds) and records campaign action calls, honouring `Idempotency-Key`
 * the way the bank's adapters are expected to (docs/campaign-rules.md).
 */
export function startDemoReceiver(
  port: number,
  onAction: (action: ReceivedAction) => void,
): Promise<Server> {
  // Every answer is the same, so the keys seen are enough; unbounded suits a demo's few grants.
  const granted = new Set<string>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url?.startsWith('/getprofile/')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { person: { gender: 'female' } } }));
        return;
      }
      const header = request.headers['idempotency-key'];
      const key = Array.isArray(header) ? header[0] : header;
      const replayed = key !== undefined && granted.has(key);
      if (key !== undefined) granted.add(key);
      onAction({ path: request.url ?? '', idempotencyKey: key, body, replayed });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(ACCEPTED);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

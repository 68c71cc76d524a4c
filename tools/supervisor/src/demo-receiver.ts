import { createServer, type Server } from 'node:http';

export interface ReceivedAction {
  path: string;
  idempotencyKey: string | undefined;
  body: string;
}

/**
 * A local stand-in for the bank's systems: answers the ad-hoc profile query (every demo client is
 * `female`, so goal 1101 holds) and records campaign action calls.
 */
export function startDemoReceiver(
  port: number,
  onAction: (action: ReceivedAction) => void,
): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url?.startsWith('/getprofile/')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ data: { person: { gender: 'female' } } }));
        return;
      }
      const key = request.headers['idempotency-key'];
      onAction({
        path: request.url ?? '',
        idempotencyKey: Array.isArray(key) ? key[0] : key,
        body,
      });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

import { sendJson, startLocalServer, type LocalServer } from './local-http-server';

export interface ReceivedCall {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
  body: string;
}

export interface ActionReceiver extends LocalServer {
  calls: ReceivedCall[];
  /** Statuses to answer next, in order (then 200); 0 means "hang until the caller times out". */
  failNext: number[];
}

/** A local HTTP receiver for action calls, which can fail on demand. */
export async function startActionReceiver(): Promise<ActionReceiver> {
  const calls: ReceivedCall[] = [];
  const failNext: number[] = [];
  const server = await startLocalServer((request, body, response) => {
    const key = request.headers['idempotency-key'];
    calls.push({
      method: request.method ?? '',
      url: request.url ?? '',
      idempotencyKey: Array.isArray(key) ? key[0] : key,
      body,
    });
    const status = failNext.shift();
    if (status === 0) return;
    sendJson(response, status ?? 200, status ? { error: 'try later' } : { paid: true });
  });
  return { ...server, calls, failNext };
}

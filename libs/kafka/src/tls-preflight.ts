import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { KafkaSecurity } from './security';

/** Errors of a TLS handshake that no retry mends: the certificate, its name, or no TLS at all. */
const TLS_REFUSALS = /CERT|SIGNATURE|SELF_SIGNED|ISSUER|ALTNAME|ERR_SSL|ERR_TLS|EPROTO/;

/**
 * One TLS handshake with the first seed broker before kafkajs connects. kafkajs reports an
 * untrusted certificate as a retriable connection error and retries it for a minute; this turns
 * it into an answer within one round trip. Anything else (refused, unreachable, slow) resolves,
 * and kafkajs's own retries deal with it as usual.
 */
export async function tlsPreflight(
  brokers: string[],
  tls: NonNullable<KafkaSecurity['tls']>,
  timeoutMs = 5_000,
): Promise<Error | undefined> {
  const [seed] = brokers;
  if (!seed) return undefined;
  const separator = seed.lastIndexOf(':');
  const host = seed.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(seed.slice(separator + 1));
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      ...(isIP(host) ? {} : { servername: host }),
      ...tls,
      rejectUnauthorized: true,
    });
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    };
    const timer = setTimeout(() => done(), timeoutMs);
    socket.once('secureConnect', () => done());
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done(TLS_REFUSALS.test(`${err.code ?? ''} ${err.message}`) ? err : undefined),
    );
  });
}

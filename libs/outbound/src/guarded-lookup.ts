import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressRefusal } from './address-ranges';
import { OutboundRefusal } from './outbound-refusal';

/**
 * A `lookup` for net/tls connect that refuses a host name resolving to a refused address. It runs
 * on every new connection, so a name that answered with a public address when it was checked and
 * with 127.0.0.1 when connected to (DNS rebinding) is refused at the moment it matters. Any refused
 * address in the answer refuses the whole answer: the socket may try each of them.
 */
export function guardedLookup(
  allowPrivate: boolean,
  base: LookupFunction = dnsLookup,
): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (err, address, family) => {
      if (err) {
        callback(err, address, family);
        return;
      }
      const answers: LookupAddress[] =
        typeof address === 'string' ? [{ address, family: family ?? 4 }] : address;
      for (const answer of answers) {
        const refusal = addressRefusal(answer.address, allowPrivate);
        if (refusal !== undefined) {
          const error = new OutboundRefusal(
            'ADDRESS_NOT_ALLOWED',
            `${hostname} resolved to ${answer.address}, ${refusal}, which outbound calls may not reach`,
          );
          callback(error, address, family);
          return;
        }
      }
      callback(null, address, family);
    });
  };
}

import { jsonCodec } from '@tributary/kafka';
import { CustomerEvent, parseCustomerEvent } from '@tributary/schemas';

/** Bad JSON or a contract violation is poison: dead-lettered with the reason, never retried. */
export const customerEventCodec = jsonCodec(CustomerEvent, { check: parseCustomerEvent });

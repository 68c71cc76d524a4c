import { parseArgs } from 'node:util';
import { ERASURE_REASONS, type ErasureReason, type ErasureSubject } from '@tributary/privacy';
import { UsageError } from './cli-context';

export const ERASE_USAGE = `usage:
  erase (--user-id ID | --anonymous-id ID) --reason REASON --operator NAME   erase, wait, print the audit
  erase --resume ERASURE_ID                                                 continue an unfinished erasure
  erase --status ERASURE_ID                                                 print an erasure's audit row
  erase --export (--user-id ID | --anonymous-id ID)                         print what is held, as JSON
REASON: ${ERASURE_REASONS.join(' | ')}`;

export type EraseCommand =
  | { kind: 'erase'; subject: ErasureSubject; reason: ErasureReason; operator: string }
  | { kind: 'resume' | 'status'; erasureId: string }
  | { kind: 'export'; subject: ErasureSubject };

/** Pure: the command the arguments ask for, or a UsageError saying what is wrong. */
export function parseEraseArgs(argv: string[]): EraseCommand {
  const { values } = parseArgs({
    args: argv,
    options: {
      'user-id': { type: 'string' },
      'anonymous-id': { type: 'string' },
      reason: { type: 'string' },
      operator: { type: 'string' },
      resume: { type: 'string' },
      status: { type: 'string' },
      export: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.resume !== undefined) return { kind: 'resume', erasureId: values.resume };
  if (values.status !== undefined) return { kind: 'status', erasureId: values.status };
  const user = values['user-id'];
  const anonymous = values['anonymous-id'];
  if ((user === undefined) === (anonymous === undefined)) {
    throw new UsageError('give exactly one of --user-id, --anonymous-id');
  }
  const subject: ErasureSubject =
    user !== undefined
      ? { kind: 'user_id', id: user }
      : { kind: 'anonymous_id', id: anonymous ?? '' };
  if (/\s/.test(subject.id) || subject.id.length === 0)
    throw new UsageError('an id has no whitespace');
  if (values.export) return { kind: 'export', subject };
  const reason = values.reason;
  if (!(ERASURE_REASONS as readonly string[]).includes(reason ?? '')) {
    throw new UsageError(`--reason must be one of ${ERASURE_REASONS.join(', ')}`);
  }
  if (!values.operator) throw new UsageError('--operator names who asked (recorded in the audit)');
  return { kind: 'erase', subject, reason: reason as ErasureReason, operator: values.operator };
}

import { DatabaseError } from 'pg-protocol';
import {
  KafkaJSConnectionError,
  KafkaJSAggregateError,
  KafkaJSNonRetriableError,
  KafkaJSProtocolError,
  KafkaJSNumberOfRetriesExceeded,
} from 'kafkajs';
import { classify, causeChain } from './classify';
import { CodedError, DependencyUnavailableError, messageError } from './coded-error';

function pgError(code: string, message = 'pg says no'): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  error.severity = 'ERROR';
  return error;
}

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
}

describe('classify', () => {
  it.each([
    ['08006', 'connection failure'],
    ['08001', 'cannot connect now'],
    ['57P01', 'admin shutdown'],
    ['57014', 'statement timeout'],
    ['53300', 'too many connections'],
  ])('PostgreSQL %s (%s) is a dependency failure: retriable', (state) => {
    expect(classify(pgError(state))).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      kind: 'dependency',
      retriable: true,
      origin: `postgres ${state}`,
    });
  });

  it.each([
    ['22003', 'integer out of range'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P02', 'invalid input syntax'],
    ['23505', 'duplicate key'],
    ['23502', 'null value in column'],
  ])('PostgreSQL %s is the message at fault: %s', (state, message) => {
    expect(classify(pgError(state, message))).toEqual({
      code: 'MESSAGE_REJECTED',
      kind: 'message',
      retriable: false,
      origin: `postgres ${state}`,
      reason: message,
    });
  });

  it('PostgreSQL class 40 (serialization, deadlock) is a transient conflict: retriable', () => {
    expect(classify(pgError('40001'))).toMatchObject({
      code: 'TRANSIENT_CONFLICT',
      retriable: true,
    });
    expect(classify(pgError('40P01'))).toMatchObject({ kind: 'dependency' });
  });

  it('other PostgreSQL classes (42: a missing table, a bug) are unclassified', () => {
    expect(classify(pgError('42P01', 'relation "x" does not exist'))).toMatchObject({
      code: 'UNCLASSIFIED',
      retriable: false,
    });
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'])(
    'a socket %s is a dependency failure',
    (code) => {
      expect(classify(systemError(code))).toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        origin: `node ${code}`,
      });
    },
  );

  it('a refused dual-stack connect (AggregateError of refusals) is a dependency failure', () => {
    const error = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]);
    expect(classify(error).code).toBe('DEPENDENCY_UNAVAILABLE');
  });

  it('pg-pool and pg connection messages without a SQLSTATE are dependency failures', () => {
    expect(classify(new Error('Connection terminated unexpectedly')).kind).toBe('dependency');
    expect(classify(new Error('timeout exceeded when trying to connect')).kind).toBe('dependency');
  });

  it('ioredis failures while Redis is down are dependency failures', () => {
    expect(classify(new Error('Connection is closed.')).origin).toBe('redis');
    const maxRetries = Object.assign(new Error('Reached the max retries per request limit'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(classify(maxRetries).kind).toBe('dependency');
  });

  it('kafkajs retriable errors are dependency failures, also when exhausted retries wrap them', () => {
    const connection = new KafkaJSConnectionError('Connection error: ECONNREFUSED');
    expect(classify(connection)).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      origin: 'kafkajs KafkaJSConnectionError',
    });
    const exhausted = new KafkaJSNumberOfRetriesExceeded(connection, {
      retryCount: 5,
      retryTime: 1,
    });
    expect(classify(exhausted).kind).toBe('dependency');
    // A topic creation refused while other topics are being deleted (retriable in Kafka's table).
    const creation = new KafkaJSAggregateError('Topic creation errors', [
      // kafkajs' KafkaJSCreateTopicError (a KafkaJSProtocolError, not in its typings).
      Object.assign(new KafkaJSProtocolError('This server does not host this topic-partition'), {
        name: 'KafkaJSCreateTopicError',
      }),
    ]);
    expect(classify(creation).kind).toBe('dependency');
    const fatal = new KafkaJSNonRetriableError('message too large');
    expect(classify(fatal).code).toBe('UNCLASSIFIED');
  });

  it('fetch transport failures and timeouts are dependency failures, not message TypeErrors', () => {
    const fetchFailed = new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') });
    expect(classify(fetchFailed)).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      origin: 'node ECONNREFUSED',
      reason: 'fetch failed: connect ECONNREFUSED 127.0.0.1:5432',
    });
    expect(classify(new TypeError('fetch failed')).kind).toBe('dependency');
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classify(timeout)).toMatchObject({ kind: 'dependency', origin: 'TimeoutError' });
  });

  it('RangeError and TypeError raised while handling a message are the message at fault', () => {
    expect(classify(new RangeError('Invalid time value'))).toMatchObject({
      code: 'MESSAGE_REJECTED',
      origin: 'RangeError',
      retriable: false,
    });
    expect(
      classify(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toMatchObject({ kind: 'message', origin: 'TypeError' });
  });

  it('an explicit coded error decides, whatever its cause', () => {
    const held = new DependencyUnavailableError('fx provider timed out', {
      cause: new RangeError('x'),
      origin: 'fx-rates',
    });
    expect(classify(held)).toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
      origin: 'fx-rates',
    });
    const refused = messageError('MESSAGE_INVALID', 'client id longer than 64', {
      cause: systemError('ECONNRESET'),
    });
    expect(classify(refused)).toMatchObject({ code: 'MESSAGE_INVALID', retriable: false });
  });

  it('a plain wrapper is classified by its causes', () => {
    const wrapped = new Error('goal batch failed', {
      cause: pgError('22003', 'integer out of range'),
    });
    expect(classify(wrapped)).toMatchObject({
      code: 'MESSAGE_REJECTED',
      origin: 'postgres 22003',
      reason: 'goal batch failed: integer out of range',
    });
    const coded = new Error('wrapper', { cause: new CodedError('MESSAGE_INVALID', 'bad') });
    expect(classify(coded).code).toBe('MESSAGE_INVALID');
  });

  it('anything else is unclassified, not retriable, named by its type', () => {
    expect(classify(new Error('something odd'))).toEqual({
      code: 'UNCLASSIFIED',
      kind: 'unclassified',
      retriable: false,
      origin: 'Error',
      reason: 'something odd',
    });
    expect(classify('a string').origin).toBe('string');
  });

  it('duck-types coded errors from another copy of the library', () => {
    const foreign = Object.assign(new Error('down'), {
      code: 'DEPENDENCY_UNAVAILABLE',
      retriable: true,
    });
    expect(classify(foreign).kind).toBe('dependency');
  });

  it('walks a cyclic cause chain once', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(causeChain(a)).toEqual([a, b]);
  });
});

describe('CodedError', () => {
  it('is retriable by default only for dependency codes, and keeps its cause', () => {
    const cause = new Error('root');
    expect(new CodedError('DEPENDENCY_UNAVAILABLE', 'x').retriable).toBe(true);
    expect(new CodedError('TRANSIENT_CONFLICT', 'x').retriable).toBe(true);
    expect(new CodedError('MESSAGE_REJECTED', 'x', { cause }).retriable).toBe(false);
    expect(new CodedError('MESSAGE_REJECTED', 'x', { cause }).cause).toBe(cause);
    expect(new DependencyUnavailableError('x').retryAfterSeconds).toBe(5);
  });
});

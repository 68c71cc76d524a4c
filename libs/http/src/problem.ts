import { Type } from '@sinclair/typebox';
import type { ErrorBody } from './errors';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * An RFC 9457 problem document. The members the API answered before (`error`, with its code,
 * message, details and request id) stay as an extension member, so a client that reads
 * `body.error.code` keeps working while new clients read `type`, `status` and `detail`.
 */
export interface ProblemDocument extends ErrorBody {
  /** A URN per error code: it names the problem type, nothing to dereference. */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** This occurrence: the request id, which the logs carry too. */
  instance?: string;
}

export function problemOf(error: ErrorBody['error'], status: number): ProblemDocument {
  const words = error.code.toLowerCase().split('_');
  const title = words.join(' ');
  return {
    type: `urn:tributary:problem:${words.join('-')}`,
    title: title.charAt(0).toUpperCase() + title.slice(1),
    status,
    detail: error.message,
    ...(error.request_id === undefined
      ? {}
      : { instance: `urn:tributary:request:${error.request_id}` }),
    error,
  };
}

/** The problem document as a schema, for the OpenAPI document (`default` answer of each route). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
      request_id: Type.Optional(Type.String()),
    }),
  },
  { description: 'RFC 9457 problem document (application/problem+json); docs/api.md' },
);

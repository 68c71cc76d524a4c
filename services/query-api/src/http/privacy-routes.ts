import { Type, type TSchema } from '@sinclair/typebox';
import { ADMIN, callerOf, type HttpApp } from '@tributary/http';
import {
  AccessExportSchema,
  ErasureRecordSchema,
  ErasureRequestBody,
  type InternalErasureBody,
} from '@tributary/privacy';
import type { UpstreamClient } from '../adapters/upstream-client';
import { forward } from './proxy';

// journey-stitcher's answers, documented here: these routes pass its bytes through (never
// serialized, so never filtered), and the handlers return the forwarded reply, not a value.
const ErasureAnswer: TSchema = ErasureRecordSchema;
const ExportAnswer: TSchema = AccessExportSchema;

export interface PrivacyRouteDeps {
  stitcher: UpstreamClient;
  internalToken: string | undefined;
}

/**
 * KVKK/GDPR erasure and access (docs/privacy.md), run by journey-stitcher, which owns the
 * warehouse. Admin only: an erasure cannot be undone and an export hands out one person's data.
 */
export function registerPrivacyRoutes(app: HttpApp, deps: PrivacyRouteDeps): void {
  app.post(
    '/v1/admin/erasures',
    {
      config: { access: ADMIN },
      schema: {
        summary:
          'erase one customer (by user_id or anonymous_id) from every store; 202 with the audit row',
        body: ErasureRequestBody,
        response: { 202: ErasureAnswer },
      },
    },
    async (request, reply) => {
      // Who asked comes from the credential, never from the body (its schema has no such field).
      const forwarded: InternalErasureBody = {
        ...request.body,
        requested_by: callerOf(request).id,
      };
      request.body = forwarded;
      return forward(deps.stitcher, request, reply, deps.internalToken);
    },
  );

  app.get(
    '/v1/admin/erasures/:erasureId',
    {
      config: { access: ADMIN },
      schema: {
        summary: "an erasure's audit row: who, when, why, each step's counts (no personal data)",
        params: Type.Object({ erasureId: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: ErasureAnswer },
      },
    },
    (request, reply) => forward(deps.stitcher, request, reply, deps.internalToken),
  );

  app.get(
    '/v1/admin/customers/:customerId/export',
    {
      config: { access: ADMIN },
      schema: {
        summary: 'what is held about one customer and every id identity links tie to them, as JSON',
        params: Type.Object({ customerId: Type.String({ minLength: 1, maxLength: 256 }) }),
        querystring: Type.Object(
          {
            kind: Type.Optional(
              Type.Union([Type.Literal('user_id'), Type.Literal('anonymous_id')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ExportAnswer },
      },
    },
    async (request, reply) => {
      // One person's data: no shared cache may keep it.
      void reply.header('cache-control', 'no-store');
      return forward(deps.stitcher, request, reply, deps.internalToken);
    },
  );
}

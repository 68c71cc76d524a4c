import { Type } from '@sinclair/typebox';
import { ADMIN, notFound, type HttpApp } from '@tributary/http';
import {
  AccessExportSchema,
  ErasureRecordSchema,
  InternalErasureBody,
  exportCustomer,
  findErasure,
  subjectOf,
  type ErasureSubject,
} from '@tributary/privacy';
import type { ErasureRuntime } from './erasure-runtime';

const ExportQuery = Type.Object(
  { kind: Type.Optional(Type.Union([Type.Literal('user_id'), Type.Literal('anonymous_id')])) },
  { additionalProperties: false },
);

/** Admin only: an erasure cannot be undone and an export hands out one person's data. */
export function registerErasureRoutes(app: HttpApp, runtime: ErasureRuntime): void {
  app.post(
    '/v1/admin/erasures',
    {
      config: { access: ADMIN },
      schema: { body: InternalErasureBody, response: { 202: ErasureRecordSchema } },
    },
    async (request, reply) => {
      const body = request.body;
      const { record } = await runtime.request({
        subject: subjectOf(body),
        reason: body.reason,
        requestedBy: body.requested_by,
      });
      return reply
        .status(202)
        .header('location', `/v1/admin/erasures/${record.erasure_id}`)
        .send(record);
    },
  );

  app.get(
    '/v1/admin/erasures/:erasureId',
    {
      config: { access: ADMIN },
      schema: {
        params: Type.Object({ erasureId: Type.String({ maxLength: 100 }) }),
        response: { 200: ErasureRecordSchema },
      },
    },
    async (request) => {
      const { erasureId } = request.params;
      const record = await findErasure(runtime.deps.pool, erasureId);
      if (!record) throw notFound(`erasure ${erasureId}`);
      return record;
    },
  );

  app.get(
    '/v1/admin/customers/:customerId/export',
    {
      config: { access: ADMIN },
      schema: {
        params: Type.Object({ customerId: Type.String({ minLength: 1, maxLength: 256 }) }),
        querystring: ExportQuery,
        response: { 200: AccessExportSchema },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const { kind } = request.query;
      const subject: ErasureSubject = { kind: kind ?? 'user_id', id: customerId };
      return exportCustomer(runtime.deps.pool, runtime.deps.realtime, subject, runtime.deps.now());
    },
  );
}

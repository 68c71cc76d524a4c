import { Type } from '@sinclair/typebox';
import { advanceReplayClock, setReplayClock, type Clock } from '@tributary/clock';
import { OPERATOR, ADMIN, HttpError, badRequest, type HttpApp } from '@tributary/http';
import type { Pool } from '@tributary/postgres';
import { ClockState, SweepAnswer } from '@tributary/schemas';
import type { SweepResult } from '../jobs/completion-sweep';

export interface AdminRoutesDeps {
  pool: Pool;
  clock: Clock;
  sweep: () => Promise<SweepResult>;
}

const ClockBody = Type.Object(
  {
    set: Type.Optional(Type.String({ format: 'date-time' })),
    'advance-ms': Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

/** R4 replay clock (admin, replay mode only) and the completion sweep on demand. */
export function registerAdminRoutes(app: HttpApp, deps: AdminRoutesDeps): void {
  app.get(
    '/v1/admin/clock',
    { config: { access: OPERATOR }, schema: { response: { 200: ClockState } } },
    async () => {
      await deps.clock.refresh();
      return { mode: deps.clock.mode, now: deps.clock.now().toISOString() };
    },
  );

  app.post(
    '/v1/admin/clock',
    { config: { access: ADMIN }, schema: { body: ClockBody, response: { 200: ClockState } } },
    async (request) => {
      if (deps.clock.mode !== 'replay') {
        throw new HttpError(
          'CONFLICT',
          'the clock is in system mode; start the service with CLOCK_MODE=replay',
        );
      }
      const body = request.body;
      if ((body.set === undefined) === (body['advance-ms'] === undefined)) {
        throw badRequest('give exactly one of "set" (ISO instant) or "advance-ms"');
      }
      const change =
        body.set !== undefined
          ? await setReplayClock(deps.pool, new Date(body.set))
          : await advanceReplayClock(deps.pool, body['advance-ms'] ?? 0);
      if (!change.ok)
        throw new HttpError('CONFLICT', change.reason, { now: change.now.toISOString() });
      await deps.clock.refresh();
      request.log.info({ now: change.now.toISOString() }, 'replay clock moved');
      // Periods that closed at the new instant close before any record processed after it (R4).
      const swept = await deps.sweep();
      return { mode: deps.clock.mode, now: change.now.toISOString(), completed: swept.completed };
    },
  );

  app.post(
    '/v1/admin/sweep',
    { config: { access: ADMIN }, schema: { response: { 200: SweepAnswer } } },
    async () => {
      const result = await deps.sweep();
      return {
        completed: result.completed,
        realized: result.realized,
        now: result.now.toISOString(),
      };
    },
  );
}

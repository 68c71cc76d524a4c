import { Type } from '@sinclair/typebox';
import { HttpError, callerOf, notFound, type HttpApp } from '@tributary/http';
import { ParticipationRecorded, participationRequestValidator } from '@tributary/schemas';
import { recordParticipation } from '../evaluation/record-participation';
import type { RouteDeps } from './route-deps';
import { validationFailed } from './validation-error';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/**
 * R21 join and exit. A customer joins or exits only itself; an operator (or admin) acts on
 * behalf of any client. A campaign with join "operator" is joined by operators only.
 */
export function registerParticipationRoutes(app: HttpApp, deps: RouteDeps): void {
  app.post(
    '/v1/campaigns/:id/participations',
    {
      // Operators join on behalf of anyone; a customer joins or exits only itself.
      config: { access: { role: 'operator', customerOwn: { body: 'client-id' } } },
      schema: { params: IdParams, response: { 201: ParticipationRecorded } },
    },
    async (request, reply) => {
      const checked = participationRequestValidator.check(request.body);
      if (!checked.ok) throw validationFailed('participation', checked.issues);
      const body = checked.value;
      const caller = callerOf(request);
      const operator = caller.role !== 'customer';
      const campaign = await deps.repository.getCampaign(request.params.id);
      if (!campaign) throw notFound(`campaign ${request.params.id}`);
      if (body.status === 'joined' && campaign.definition.rules.join === 'operator' && !operator) {
        throw new HttpError(
          'FORBIDDEN',
          'this campaign is joined by an operator on behalf of the client',
        );
      }
      const { at, evaluations } = await recordParticipation(deps.engine, {
        clientId: body['client-id'],
        campaign,
        status: body.status,
        joinInfo: body['join-info'],
        recordedBy: caller.role,
      });
      request.log.info(
        { client_id: body['client-id'], campaign_id: request.params.id, status: body.status },
        'participation recorded',
      );
      return reply.status(201).send({
        client: body['client-id'],
        campaign: request.params.id,
        status: body.status,
        'joined-at': at.toISOString(),
        'join-info': body['join-info'] ?? null,
        evaluations: evaluations.map((e) => e.kind),
      });
    },
  );
}

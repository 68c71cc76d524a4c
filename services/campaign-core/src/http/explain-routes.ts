import { Type } from '@sinclair/typebox';
import { OPERATOR, OWN_CLIENT, notFound, type HttpApp } from '@tributary/http';
import { explainClientCampaign } from '../evaluation/explain-client-campaign';
import { validateCampaign } from '../evaluation/validate-campaign';
import type { RouteDeps } from './route-deps';
import { validationFailed } from './validation-error';

const DateText = Type.String({ format: 'date' });
const DryRunBody = Type.Object(
  {
    'client-id': Type.String({ minLength: 1, maxLength: 128 }),
    campaign: Type.Optional(Type.Unknown()),
    begin: Type.Optional(DateText),
  },
  { additionalProperties: false },
);

/** R24: explain a stored campaign for a client; dry-run a stored or proposed definition. */
export function registerExplainRoutes(app: HttpApp, deps: RouteDeps): void {
  const explainDeps = {
    pool: deps.pool,
    goals: deps.goals,
    logger: deps.engine.logger,
    zone: deps.zone,
  };

  app.get(
    '/v1/clients/:clientId/campaigns/:id/explain',
    {
      config: { access: OWN_CLIENT },
      schema: {
        params: Type.Object({
          clientId: Type.String({ minLength: 1 }),
          id: Type.Integer({ minimum: 1 }),
        }),
        querystring: Type.Object({ begin: Type.Optional(DateText) }),
      },
    },
    async (request) => {
      const campaign = await deps.repository.getCampaign(request.params.id);
      if (!campaign) throw notFound(`campaign ${request.params.id}`);
      await deps.engine.refreshClock?.();
      return explainClientCampaign(explainDeps, {
        clientId: request.params.clientId,
        campaign,
        at: deps.now(),
        begin: request.query.begin,
        runAdhocChecks: false,
      });
    },
  );

  app.post(
    '/v1/campaigns/:id/dry-run',
    {
      config: { access: OPERATOR },
      schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: DryRunBody },
    },
    async (request) => {
      const { id } = request.params;
      let campaign = await deps.repository.getCampaign(id);
      if (request.body.campaign !== undefined) {
        const proposed = await validateCampaign(request.body.campaign, deps.goals);
        if (!proposed.ok) throw validationFailed('campaign', proposed.issues);
        if (proposed.campaign.definition['campaign-id'] !== id) {
          throw validationFailed('campaign', [
            { path: '/campaign/campaign-id', message: `must equal the path id ${id}` },
          ]);
        }
        campaign = proposed.campaign;
      }
      if (!campaign) throw notFound(`campaign ${id}`);
      await deps.engine.refreshClock?.();
      return explainClientCampaign(explainDeps, {
        clientId: request.body['client-id'],
        campaign,
        at: deps.now(),
        begin: request.body.begin,
        runAdhocChecks: true,
      });
    },
  );
}

import { Type } from '@sinclair/typebox';
import {
  etagHeader,
  expectedMd5,
  preconditionFailed,
  preconditionOf,
  ListOf,
  PageQueryMembers,
  pageOf,
  OPERATOR,
  ANY_ROLE,
  HttpError,
  notFound,
  type HttpApp,
} from '@tributary/http';
import { CampaignDefinition } from '@tributary/schemas';
import { filterCampaigns } from '../domain/campaign-listing';
import { preferredLanguages, selectLocalizedLabel } from '../domain/localized-text';
import { validateCampaign } from '../evaluation/validate-campaign';
import type { RouteDeps } from './route-deps';
import { validationFailed } from './validation-error';

const NoContent = Type.Null({ description: 'no body' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const ListQuery = Type.Object({
  display: Type.Optional(
    Type.Union([Type.Literal('master'), Type.Literal('others'), Type.Literal('never')]),
  ),
  'available-at': Type.Optional(Type.String({ minLength: 10 })),
  lang: Type.Optional(Type.String({ minLength: 1, maxLength: 35 })),
  ...PageQueryMembers,
});
const LangQuery = Type.Object({
  lang: Type.Optional(Type.String({ minLength: 1, maxLength: 35 })),
});

/**
 * Title and description in the language asked for (?lang= first, then Accept-Language, then TR,
 * then the first label). Without either the full multi-language definition is returned.
 */
function localize(campaign: CampaignDefinition, preferred: string[]): CampaignDefinition {
  if (preferred.length === 0) return campaign;
  const title = selectLocalizedLabel(campaign.title, preferred);
  const description = selectLocalizedLabel(campaign.description, preferred);
  return {
    ...campaign,
    title: title ? [title] : [],
    description: description ? [description] : [],
  };
}

function parseInstant(text: string): Date {
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T12:00:00Z` : text);
  if (Number.isNaN(at.getTime())) {
    throw validationFailed('query', [
      { path: '/available-at', message: 'must be an ISO date or date-time' },
    ]);
  }
  return at;
}

export function registerCampaignRoutes(app: HttpApp, deps: RouteDeps): void {
  const { repository } = deps;

  async function validated(body: unknown) {
    const result = await validateCampaign(body, deps.goals);
    if (!result.ok) throw validationFailed('campaign', result.issues);
    return result.campaign;
  }

  app.post(
    '/v1/campaigns',
    { config: { access: OPERATOR }, schema: { response: { 201: CampaignDefinition } } },
    async (request, reply) => {
      const campaign = await validated(request.body);
      const id = campaign.definition['campaign-id'];
      if (!(await repository.saveCampaign(campaign.definition, campaign.adhocGoals, false))) {
        throw new HttpError('CONFLICT', `campaign ${id} already exists`);
      }
      request.log.info({ campaign_id: id }, 'campaign created');
      return reply.status(201).send(campaign.definition);
    },
  );

  app.get(
    '/v1/campaigns',
    {
      config: { access: ANY_ROLE },
      schema: { querystring: ListQuery, response: { 200: ListOf(CampaignDefinition) } },
    },
    async (request, reply) => {
      const query = request.query;
      const preferred = preferredLanguages(query.lang, request.headers['accept-language']);
      const all = (await repository.listCampaigns()).map((c) => c.definition);
      const listed = filterCampaigns(all, {
        display: query.display,
        availableAt: query['available-at'] ? parseInstant(query['available-at']) : undefined,
        zone: deps.zone,
      });
      if (preferred.length > 0) void reply.header('vary', 'accept-language');
      const page = pageOf(request, listed, query, { keyOf: (c) => [c['campaign-id']] });
      return { items: page.items.map((c) => localize(c, preferred)), next: page.next };
    },
  );

  app.get(
    '/v1/campaigns/:id',
    {
      config: { access: ANY_ROLE },
      schema: { params: IdParams, querystring: LangQuery, response: { 200: CampaignDefinition } },
    },
    async (request, reply) => {
      const stored = await repository.getCampaign(request.params.id);
      const etag = await repository.etagOf('campaign', request.params.id);
      if (!stored || etag === undefined) throw notFound(`campaign ${request.params.id}`);
      // The ETag names the stored version (what If-Match on PUT and DELETE compares with).
      void reply.header('etag', etagHeader(etag));
      return localize(
        stored.definition,
        preferredLanguages(request.query.lang, request.headers['accept-language']),
      );
    },
  );

  app.put(
    '/v1/campaigns/:id',
    {
      config: { access: OPERATOR },
      schema: { params: IdParams, response: { 200: CampaignDefinition } },
    },
    async (request, reply) => {
      const campaign = await validated(request.body);
      const id = request.params.id;
      if (campaign.definition['campaign-id'] !== id) {
        throw validationFailed('campaign', [
          { path: '/campaign-id', message: `must equal the path id ${id}` },
        ]);
      }
      const outcome = await repository.replaceCampaign(
        campaign.definition,
        campaign.adhocGoals,
        expectedMd5(preconditionOf(request)),
      );
      if (outcome === 'missing') throw notFound(`campaign ${id}`);
      if (outcome === 'stale') throw preconditionFailed(`campaign ${id}`);
      request.log.info({ campaign_id: id }, 'campaign replaced');
      return reply.header('etag', etagHeader(outcome.etag)).send(campaign.definition);
    },
  );

  app.delete(
    '/v1/campaigns/:id',
    { config: { access: OPERATOR }, schema: { params: IdParams, response: { 204: NoContent } } },
    async (request, reply) => {
      const id = request.params.id;
      const deleted = await repository.deleteConditionally(
        'campaign',
        id,
        expectedMd5(preconditionOf(request)),
      );
      if (deleted === 'missing') throw notFound(`campaign ${id}`);
      if (deleted === 'stale') throw preconditionFailed(`campaign ${id}`);
      request.log.info({ campaign_id: request.params.id }, 'campaign deleted');
      return reply.status(204).send(null);
    },
  );
}

import { casingViolations, familyOf, openApiPath, propertyNames } from './contract-rules';

describe('contract rules', () => {
  it('tells the casing family of a route by its owner', () => {
    expect(familyOf('campaign-core', '/v1/campaigns')).toBe('kebab-case');
    expect(familyOf('query-api', '/v1/clients/:clientId/stream-data')).toBe('kebab-case');
    expect(familyOf('query-api', '/v1/attribution/runs')).toBe('snake_case');
    expect(familyOf('ingest-gateway', '/v1/track')).toBe('Segment spelling');
    expect(familyOf('ingest-gateway', '/v1/events')).toBe('snake_case');
  });

  it('names the members that break the rule', () => {
    const names = propertyNames({
      type: 'object',
      properties: {
        'client-id': { type: 'string' },
        run_id: { type: 'object', properties: { nestedKey: {}, ok: {} } },
      },
    });
    expect(casingViolations(names, 'kebab-case')).toEqual(['nestedKey', 'run_id']);
    expect(casingViolations(names, 'snake_case')).toEqual(['client-id', 'nestedKey']);
    expect(casingViolations(names, 'Segment spelling')).toEqual(['client-id']);
  });

  it('spells Fastify paths as OpenAPI does', () => {
    expect(openApiPath('/v1/clients/:clientId/campaigns/:id/explain')).toBe(
      '/v1/clients/{clientId}/campaigns/{id}/explain',
    );
  });
});

import { createLogger } from '@tributary/logging';
import { createMetricsRegistry } from '@tributary/metrics';
import { createHttpApp } from './create-http-app';
import { ListOf, PageQuery, compareKeys, encodeCursor, pageOf } from './pagination';
import { Type } from '@sinclair/typebox';

interface Row {
  id: string;
  at: number;
}

async function listApp(rows: Row[]) {
  const app = await createHttpApp({
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: createMetricsRegistry('test', false),
    access: {},
  });
  app.get(
    '/rows',
    {
      config: { access: 'public' },
      schema: {
        querystring: Type.Intersect([
          PageQuery,
          Type.Object({ tag: Type.Optional(Type.String()) }),
        ]),
        response: { 200: ListOf(Type.Object({ id: Type.String(), at: Type.Number() })) },
      },
    },
    async (request) =>
      pageOf(request, rows, request.query as PageQuery, { keyOf: (r) => [r.at, r.id] }),
  );
  await app.ready();
  return app;
}

describe('cursor pagination', () => {
  const rows: Row[] = [
    { id: 'c', at: 2 },
    { id: 'a', at: 10 },
    { id: 'b', at: 2 },
    { id: 'd', at: 1 },
    { id: 'e', at: 30 },
  ];

  it('walks the whole list in key order, each item once, following next with the filters kept', async () => {
    const app = await listApp(rows);
    const seen: string[] = [];
    let url: string | null = '/rows?limit=2&tag=x';
    let pages = 0;
    while (url !== null) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(200);
      const page: { items: Row[]; next: string | null } = response.json();
      seen.push(...page.items.map((r) => r.id));
      if (page.next !== null) expect(page.next).toMatch(/^\/rows\?limit=2&tag=x&cursor=[\w-]+$/);
      url = page.next;
      pages += 1;
    }
    // Numbers compare as numbers (10 after 2), ties broken by the id.
    expect(seen).toEqual(['d', 'b', 'c', 'a', 'e']);
    expect(pages).toBe(3);
    await app.close();
  });

  it('the last page says next: null; a cursor past a deleted item still resumes after it', async () => {
    const app = await listApp(rows.filter((r) => r.id !== 'b'));
    const cursorAfterB = encodeCursor([2, 'b']);
    const page = (await app.inject(`/rows?cursor=${cursorAfterB}`)).json<{
      items: Row[];
      next: string | null;
    }>();
    expect(page.items.map((r) => r.id)).toEqual(['c', 'a', 'e']);
    expect(page.next).toBeNull();
    await app.close();
  });

  it('refuses a cursor it did not issue and a limit above the maximum, as problem documents', async () => {
    const app = await listApp(rows);
    for (const url of [
      `/rows?cursor=${encodeCursor(['only-one-part'])}`,
      '/rows?cursor=bm90LWpzb24',
      '/rows?cursor=a%2Bb',
      '/rows?limit=1001',
      '/rows?limit=0',
    ]) {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    await app.close();
  });

  it('orders keys part by part', () => {
    expect(compareKeys([1, 'b'], [1, 'a'])).toBeGreaterThan(0);
    expect(compareKeys([9], [10])).toBeLessThan(0);
    expect(compareKeys(['9'], ['10'])).toBeGreaterThan(0);
    expect(compareKeys(['x', 1], ['x', 1])).toBe(0);
  });
});

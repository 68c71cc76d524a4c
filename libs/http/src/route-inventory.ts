import type { FastifyInstance, RouteOptions } from 'fastify';

/** A route as registered: what the OpenAPI check compares with the published document. */
export interface RegisteredRoute {
  method: string;
  url: string;
  schema: RouteOptions['schema'];
  access: unknown;
}

const inventories = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Records every route registered on `app` from now on, in any scope (onRoute hooks are
 * inherited), so a test can walk the live routes of a built app without listening.
 */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  inventories.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      routes.push({ method, url: route.url, schema: route.schema, access: route.config?.access });
    }
  });
}

/** The routes of an app made by createHttpApp (HEAD twins of GET routes included). */
export function routesOf(app: FastifyInstance): readonly RegisteredRoute[] {
  const routes = inventories.get(app);
  if (!routes) throw new Error('routesOf: the app was not made by createHttpApp');
  return routes;
}

import { session } from './session';

/** An API answer other than 2xx, with the error body's code and message when it has one. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type UnauthorizedListener = (error: ApiError) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called on every 401, so the app can send the user back to sign in. */
export function onUnauthorized(listener: UnauthorizedListener): void {
  unauthorizedListeners.add(listener);
}

// The API takes an API key or a JWT as a bearer token, so one header covers both.
function authHeaders(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || 'request failed';
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not a JSON error body (a proxy's HTML page, say): the status line is all we have.
  }
  return new ApiError(response.status, code, message);
}

/** GET a JSON resource of the public API on this origin. */
export async function getJson<T>(path: string, token = session.token()): Promise<T> {
  const response = await fetch(path, {
    headers: { accept: 'application/json', ...authHeaders(token) },
  });
  if (!response.ok) {
    const error = await errorOf(response);
    if (error.status === 401) for (const listener of unauthorizedListeners) listener(error);
    throw error;
  }
  return (await response.json()) as T;
}

/**
 * Every item of a list route: each answers one page (`{ items, next }`, docs/api.md) and the
 * dashboard asks for at most `maxPages` of them, so a huge list cannot hang the page.
 */
export async function getAll<T>(path: string, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let next: string | null = path;
  for (let page = 0; next !== null && page < maxPages; page += 1) {
    const body: { items: T[]; next: string | null } = await getJson(next);
    items.push(...body.items);
    next = body.next;
  }
  return items;
}

/**
 * EventSource cannot send headers, and a token in a URL would land in access logs: the stream
 * is opened with a short-lived, single-use ticket that the token buys first.
 */
export async function streamTicketUrl(path: string, token = session.token()): Promise<string> {
  const response = await fetch('/v1/realtime/stream-tickets', {
    method: 'POST',
    headers: { accept: 'application/json', ...authHeaders(token) },
  });
  if (!response.ok) {
    const error = await errorOf(response);
    if (error.status === 401) for (const listener of unauthorizedListeners) listener(error);
    throw error;
  }
  const { ticket } = (await response.json()) as { ticket: string };
  return `${path}?ticket=${encodeURIComponent(ticket)}`;
}

/** A 404 means "nothing there yet" for most views: an empty state, not an error. */
export const isNotFound = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 404;

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return `${error.message} (${error.code}, HTTP ${error.status})`;
  if (error instanceof Error) return error.message;
  return String(error);
}

const KEY = 'tributary.token';

/** The token lives for the browser tab only (sessionStorage), never in localStorage or cookies. */
export const session = {
  token(): string | null {
    return sessionStorage.getItem(KEY);
  },
  save(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};

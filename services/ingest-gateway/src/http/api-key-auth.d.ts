import { type HttpApp } from '@tributary/http';
/** Producers present `x-api-key` (or `Authorization: Bearer <key>`); compared in constant time. */
export declare function registerApiKeyAuth(app: HttpApp, keys: readonly string[]): void;
//# sourceMappingURL=api-key-auth.d.ts.map
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.registerApiKeyAuth = registerApiKeyAuth;
const node_crypto_1 = require("node:crypto");
const http_1 = require("@tributary/http");
const digest = (value) => (0, node_crypto_1.createHash)('sha256').update(value).digest();
/** Producers present `x-api-key` (or `Authorization: Bearer <key>`); compared in constant time. */
function registerApiKeyAuth(app, keys) {
    const known = keys.map(digest);
    app.addHook('onRequest', async (request) => {
        if (!request.url.startsWith('/v1/'))
            return;
        const header = request.headers['x-api-key'];
        const bearer = request.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
        const presented = typeof header === 'string' ? header : bearer;
        if (!presented)
            throw new http_1.HttpError('UNAUTHORIZED', 'missing API key (x-api-key header)');
        const candidate = digest(presented);
        if (!known.some((k) => (0, node_crypto_1.timingSafeEqual)(k, candidate)))
            throw new http_1.HttpError('UNAUTHORIZED', 'unknown API key');
    });
}
//# sourceMappingURL=api-key-auth.js.map
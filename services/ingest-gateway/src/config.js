"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IngestConfigSchema = void 0;
exports.loadIngestConfig = loadIngestConfig;
const typebox_1 = require("@sinclair/typebox");
const config_1 = require("@tributary/config");
exports.IngestConfigSchema = typebox_1.Type.Composite([
    config_1.LogEnv,
    config_1.KafkaEnv,
    (0, config_1.httpEnv)(8081),
    typebox_1.Type.Object({
        EVENTS_TOPIC: typebox_1.Type.String({ minLength: 1, default: 'events.raw' }),
        /** Comma-separated producer API keys; required unless INGEST_AUTH_DISABLED=true. */
        INGEST_API_KEYS: typebox_1.Type.String({ default: '' }),
        INGEST_AUTH_DISABLED: typebox_1.Type.Boolean({ default: false }),
        MAX_BATCH_EVENTS: typebox_1.Type.Integer({ minimum: 1, maximum: 10_000, default: 1_000 }),
        MAX_BODY_BYTES: typebox_1.Type.Integer({ minimum: 1_024, maximum: 50_000_000, default: 2_000_000 }),
        MAX_FUTURE_SKEW_SECONDS: typebox_1.Type.Integer({ minimum: 0, maximum: 86_400, default: 300 }),
        /** JSON array of channel rules replacing the default grouping (see libs/channel-grouping). */
        CHANNEL_RULES_JSON: typebox_1.Type.Optional(typebox_1.Type.String()),
        /** The site's own domains: navigation from them is not a referral. */
        OWN_HOSTS: typebox_1.Type.String({ default: '' }),
        /** Micro-batching of Kafka sends across concurrent requests. */
        PRODUCER_LINGER_MS: typebox_1.Type.Integer({ minimum: 0, maximum: 1_000, default: 2 }),
    }),
]);
function loadIngestConfig(env) {
    const config = (0, config_1.loadConfig)(exports.IngestConfigSchema, env);
    if (!config.INGEST_AUTH_DISABLED && config.INGEST_API_KEYS.trim() === '') {
        throw new Error('INGEST_API_KEYS: set at least one producer API key, or INGEST_AUTH_DISABLED=true for local development');
    }
    return config;
}
//# sourceMappingURL=config.js.map
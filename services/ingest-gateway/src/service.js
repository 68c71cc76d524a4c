"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.buildIngestService = buildIngestService;
const channel_grouping_1 = require("@tributary/channel-grouping");
const config_1 = require("@tributary/config");
const http_1 = require("@tributary/http");
const kafka_1 = require("@tributary/kafka");
const metrics_1 = require("@tributary/metrics");
const schemas_1 = require("@tributary/schemas");
const event_publisher_1 = require("./adapters/event-publisher");
const api_key_auth_1 = require("./http/api-key-auth");
const events_route_1 = require("./http/events-route");
function channelRules(json) {
    if (!json)
        return channel_grouping_1.DEFAULT_CHANNEL_RULES;
    let parsed;
    try {
        parsed = JSON.parse(json);
    }
    catch {
        throw new Error('CHANNEL_RULES_JSON: not valid JSON');
    }
    const result = (0, schemas_1.compileValidator)(channel_grouping_1.ChannelRules).check(parsed);
    if (!result.ok)
        throw new Error(`CHANNEL_RULES_JSON: ${(0, schemas_1.formatIssues)(result.issues)}`);
    return result.value;
}
/** Composition root: config -> Kafka producer (+ registry) -> publisher -> HTTP routes. */
async function buildIngestService(config, logger, now = () => new Date()) {
    const rules = {
        channelRules: channelRules(config.CHANNEL_RULES_JSON),
        ownHosts: (0, config_1.splitList)(config.OWN_HOSTS),
        maxFutureSkewMs: config.MAX_FUTURE_SKEW_SECONDS * 1000,
    };
    const metrics = (0, metrics_1.createMetricsRegistry)('ingest-gateway');
    const kafka = (0, kafka_1.createKafka)({
        brokers: (0, config_1.splitList)(config.KAFKA_BROKERS),
        clientId: config.KAFKA_CLIENT_ID ?? 'ingest-gateway',
        logger,
    });
    await (0, kafka_1.ensureTopics)(kafka, [
        { topic: config.EVENTS_TOPIC, partitions: config.KAFKA_TOPIC_PARTITIONS, replicationFactor: config.KAFKA_REPLICATION_FACTOR },
        { topic: (0, kafka_1.dlqTopic)(config.EVENTS_TOPIC), partitions: 1, replicationFactor: config.KAFKA_REPLICATION_FACTOR },
    ]);
    const producer = await (0, kafka_1.createProducer)(kafka);
    let encode = (event) => JSON.stringify(event);
    if (config.SCHEMA_REGISTRY_URL) {
        const codec = await (0, kafka_1.createRegistryCodec)(config.SCHEMA_REGISTRY_URL, `${config.EVENTS_TOPIC}-value`, schemas_1.CustomerEvent);
        encode = (event) => codec.encode(event);
        logger.info({ registry: config.SCHEMA_REGISTRY_URL }, 'encoding events in the Confluent wire format');
    }
    const publisher = (0, event_publisher_1.createEventPublisher)(producer, config.EVENTS_TOPIC, encode, config.PRODUCER_LINGER_MS);
    const app = (0, http_1.createHttpApp)({
        logger,
        metrics,
        bodyLimitBytes: config.MAX_BODY_BYTES,
        readiness: { kafka: () => (0, kafka_1.pingKafka)(kafka) },
    });
    if (!config.INGEST_AUTH_DISABLED)
        (0, api_key_auth_1.registerApiKeyAuth)(app, (0, config_1.splitList)(config.INGEST_API_KEYS));
    (0, events_route_1.registerEventsRoute)(app, { publisher, rules, maxBatchEvents: config.MAX_BATCH_EVENTS, metrics, now });
    return {
        app,
        async stop() {
            await app.close();
            await publisher.close();
            await producer.disconnect();
        },
    };
}
//# sourceMappingURL=service.js.map
import { type Static } from '@sinclair/typebox';
export declare const IngestConfigSchema: import("@sinclair/typebox").TObject<{
    LOG_LEVEL: import("@sinclair/typebox").TUnion<import("@sinclair/typebox").TLiteral<string>[]>;
    KAFKA_BROKERS: import("@sinclair/typebox").TString;
    KAFKA_CLIENT_ID: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    KAFKA_TOPIC_PARTITIONS: import("@sinclair/typebox").TInteger;
    KAFKA_REPLICATION_FACTOR: import("@sinclair/typebox").TInteger;
    SCHEMA_REGISTRY_URL: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    HTTP_HOST: import("@sinclair/typebox").TString;
    HTTP_PORT: import("@sinclair/typebox").TInteger;
    EVENTS_TOPIC: import("@sinclair/typebox").TString;
    INGEST_API_KEYS: import("@sinclair/typebox").TString;
    INGEST_AUTH_DISABLED: import("@sinclair/typebox").TBoolean;
    MAX_BATCH_EVENTS: import("@sinclair/typebox").TInteger;
    MAX_BODY_BYTES: import("@sinclair/typebox").TInteger;
    MAX_FUTURE_SKEW_SECONDS: import("@sinclair/typebox").TInteger;
    CHANNEL_RULES_JSON: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    OWN_HOSTS: import("@sinclair/typebox").TString;
    PRODUCER_LINGER_MS: import("@sinclair/typebox").TInteger;
}>;
export type IngestConfig = Readonly<Static<typeof IngestConfigSchema>>;
export declare function loadIngestConfig(env: Record<string, string | undefined>): IngestConfig;
//# sourceMappingURL=config.d.ts.map
import { type HttpApp } from '@tributary/http';
import { type Registry } from '@tributary/metrics';
import type { EventPublisher } from '../adapters/event-publisher';
import { type IntakeRules } from '@tributary/event-intake';
export interface EventsRouteDeps {
    publisher: EventPublisher;
    rules: IntakeRules;
    maxBatchEvents: number;
    metrics: Registry;
    now: () => Date;
}
export declare const IngestResponse: import("@sinclair/typebox").TObject<{
    accepted: import("@sinclair/typebox").TInteger;
    rejected: import("@sinclair/typebox").TInteger;
    results: import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
        index: import("@sinclair/typebox").TInteger;
        event_id: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
        status: import("@sinclair/typebox").TUnion<[import("@sinclair/typebox").TLiteral<"accepted">, import("@sinclair/typebox").TLiteral<"rejected">]>;
        errors: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TArray<import("@sinclair/typebox").TObject<{
            path: import("@sinclair/typebox").TString;
            message: import("@sinclair/typebox").TString;
        }>>>;
    }>>;
}>;
export declare function registerEventsRoute(app: HttpApp, deps: EventsRouteDeps): void;
//# sourceMappingURL=events-route.d.ts.map
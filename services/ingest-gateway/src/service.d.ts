import { type HttpApp } from '@tributary/http';
import type { Logger } from '@tributary/logging';
import type { IngestConfig } from './config';
export interface IngestService {
    app: HttpApp;
    /** Ordered shutdown: stop taking requests, flush pending sends, close the producer. */
    stop(): Promise<void>;
}
/** Composition root: config -> Kafka producer (+ registry) -> publisher -> HTTP routes. */
export declare function buildIngestService(config: IngestConfig, logger: Logger, now?: () => Date): Promise<IngestService>;
//# sourceMappingURL=service.d.ts.map
"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.createEventPublisher = createEventPublisher;
const schemas_1 = require("@tributary/schemas");
/**
 * Groups the events of concurrent requests into one producer call per linger window, so
 * single-event requests do not pay a Kafka round trip each. Every caller still waits for the
 * acknowledgement of its own events; a failed send fails every request in that group (clients
 * retry; consumers are idempotent on event_id, so a partially written group is harmless).
 */
function createEventPublisher(producer, topic, encode, lingerMs, maxGroupEvents = 5_000) {
    let queue = [];
    let queued = 0;
    let timer;
    let closed = false;
    const inflight = new Set();
    async function send(group) {
        try {
            const messages = await Promise.all(group.flatMap((p) => p.events.map(async (event) => ({
                key: (0, schemas_1.customerKey)(event),
                value: await encode(event),
                headers: { 'event-type': event.type, 'event-id': event.event_id },
            }))));
            await producer.send(topic, messages);
            group.forEach((p) => p.resolve());
        }
        catch (err) {
            group.forEach((p) => p.reject(err));
        }
    }
    function flush() {
        if (timer)
            clearTimeout(timer);
        timer = undefined;
        if (queue.length === 0)
            return;
        const group = queue;
        queue = [];
        queued = 0;
        const done = send(group).finally(() => inflight.delete(done));
        inflight.add(done);
    }
    return {
        publish(events) {
            if (closed)
                return Promise.reject(new Error('publisher closed'));
            if (events.length === 0)
                return Promise.resolve();
            return new Promise((resolve, reject) => {
                queue.push({ events, resolve, reject });
                queued += events.length;
                if (queued >= maxGroupEvents || lingerMs === 0)
                    flush();
                else
                    timer ??= setTimeout(flush, lingerMs);
            });
        },
        async close() {
            closed = true;
            flush();
            await Promise.allSettled([...inflight]);
        },
    };
}
//# sourceMappingURL=event-publisher.js.map
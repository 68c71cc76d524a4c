/** A send handed to a queue: what to write and whom to tell. */
interface Queued<M, R> {
  topic: string;
  messages: M[];
  resolve: (result: R[]) => void;
  reject: (err: unknown) => void;
}

export interface SendQueue<M, R> {
  /** Resolves when this send's messages were written (with the request's results). */
  send(topic: string, messages: M[]): Promise<R[]>;
  /** Resolves when nothing is queued or being sent. */
  idle(): Promise<void>;
}

/**
 * Runs sends one after another, in the order they were handed in, through `write`. kafkajs lets
 * concurrent sends of one idempotent producer race: a send that fails and is retried gets new
 * sequence numbers after a later send went out, so a key's records can be written out of order.
 * One send at a time per producer rules that out.
 *
 * With `coalesce`, the sends that queued up while one was being written go out together as the
 * next write (fewer, larger requests under load); each of them then shares that write's fate.
 */
export function createSendQueue<M, R>(
  write: (topic: string, messages: M[]) => Promise<R[]>,
  options: { coalesce: boolean },
): SendQueue<M, R> {
  let queue: Queued<M, R>[] = [];
  let draining = false;
  let drained: Promise<void> = Promise.resolve();

  /** The head and, when coalescing, every later send to the same topic (their order kept). */
  function next(): Queued<M, R>[] {
    const head = queue[0] as Queued<M, R>;
    if (!options.coalesce) return queue.splice(0, 1);
    const taken: Queued<M, R>[] = [];
    const rest: Queued<M, R>[] = [];
    for (const item of queue) (item.topic === head.topic ? taken : rest).push(item);
    queue = rest;
    return taken;
  }

  async function drain(): Promise<void> {
    // The flag is cleared in the same tick the queue is found empty: a send handed in by a
    // caller woken by this drain's last write must start a new drain, not wait for this one.
    try {
      while (queue.length > 0) {
        const group = next();
        const topic = (group[0] as Queued<M, R>).topic;
        const messages =
          group.length === 1
            ? (group[0] as Queued<M, R>).messages
            : group.flatMap((q) => q.messages);
        try {
          const result = await write(topic, messages);
          for (const q of group) q.resolve(result);
        } catch (err) {
          for (const q of group) q.reject(err);
        }
      }
    } finally {
      draining = false;
    }
  }

  return {
    send(topic, messages) {
      return new Promise<R[]>((resolve, reject) => {
        queue.push({ topic, messages, resolve, reject });
        if (draining) return;
        draining = true;
        drained = drain();
      });
    },
    idle: () => (draining ? drained : Promise.resolve()),
  };
}

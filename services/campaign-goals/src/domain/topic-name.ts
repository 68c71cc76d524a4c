/**
 * R10: a source `topic` is a Kafka topic name, or a REST-proxy URL whose path after `/topics/`
 * names the topic with "/" read as "." (`http://localhost:8082/topics/cdc_payments/pay` is
 * `cdc_payments.pay`).
 */
export type TopicName = { ok: true; topic: string } | { ok: false; reason: string };

const KAFKA_TOPIC = /^[A-Za-z0-9._-]{1,249}$/;

export function topicName(source: string): TopicName {
  const text = source.trim();
  const name: TopicName = /^[a-z][a-z0-9+.-]*:\/\//i.test(text)
    ? fromProxyUrl(text)
    : { ok: true, topic: text };
  if (!name.ok) return name;
  if (name.topic === '.' || name.topic === '..') {
    return { ok: false, reason: `"${name.topic}" is not a valid Kafka topic name` };
  }
  if (!KAFKA_TOPIC.test(name.topic)) {
    return {
      ok: false,
      reason: `"${name.topic}" is not a Kafka topic name (1-249 of letters, digits, ".", "_", "-")`,
    };
  }
  return name;
}

function fromProxyUrl(text: string): TopicName {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: `"${text}" is not a valid URL` };
  }
  const marker = '/topics/';
  const at = url.pathname.indexOf(marker);
  if (at < 0) return { ok: false, reason: 'a topic URL must have a path containing /topics/' };
  let rest: string[];
  try {
    rest = url.pathname
      .slice(at + marker.length)
      .replace(/\/+$/, '')
      .split('/')
      .map((part) => decodeURIComponent(part));
  } catch {
    return { ok: false, reason: 'badly escaped topic path' };
  }
  if (rest.some((part) => part === '')) return { ok: false, reason: 'empty topic path segment' };
  return { ok: true, topic: rest.join('.') };
}

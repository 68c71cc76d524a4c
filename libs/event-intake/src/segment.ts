// Maps Segment's HTTP Tracking API calls (track, page, screen, identify, alias, and batches of
// them) onto the customer event contract. Pure functions: the route feeds what it parsed, and
// the result goes through the same validation as a native event (takeIn).
import type { ValidationIssue } from '@tributary/schemas';
import { takeIn, type IntakeOutcome, type IntakeRules } from './take-in';

export const SEGMENT_CALLS = ['track', 'page', 'screen', 'identify', 'alias'] as const;
export type SegmentCall = (typeof SEGMENT_CALLS)[number];

/** Segment track event names with a counterpart in the contract, and that counterpart. */
export const SEGMENT_TRACK_EVENTS = {
  'Product Viewed': 'product_view',
  'Product Added': 'add_to_cart',
  'Order Completed': 'order_completed',
  'Email Link Clicked': 'email_click',
} as const;

/** Why an item was refused: it has no place in the contract, or it broke the contract. */
export type RejectionCode = 'SEGMENT_NOT_MAPPED' | 'INVALID_EVENT';

export type SegmentMapping =
  | { ok: true; event: Record<string, unknown> }
  | { ok: false; event_id?: string; errors: ValidationIssue[] };

/** What a batch (or the route) says for every call in it. */
export interface SegmentDefaults {
  /** The call a single-call route stands for (`/v1/track`); a batch item names its own `type`. */
  call?: SegmentCall;
  /** The batch's `context`, merged under each item's own. */
  context?: unknown;
  /** The batch's `sentAt` (server libraries stamp the batch, not each call). */
  sentAt?: unknown;
}

type Bag = Record<string, unknown>;
const bag = (value: unknown): Bag =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Bag) : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
/** Ids may arrive as numbers (a database key); the contract's ids are strings. */
const id = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : text(value);
const isCall = (value: unknown): value is SegmentCall =>
  typeof value === 'string' && (SEGMENT_CALLS as readonly string[]).includes(value);

/**
 * When the call happened, on the gateway's clock: Segment corrects a device's clock skew as
 * receivedAt - (sentAt - timestamp); without sentAt the timestamp is taken as sent. A value that
 * is not a date is passed on unchanged, so validation names it.
 */
export function occurredAt(message: Bag, batchSentAt: unknown, receivedAt: Date): unknown {
  const stamp = message.timestamp ?? message.originalTimestamp;
  if (stamp === undefined) return receivedAt.toISOString();
  const at = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
  if (Number.isNaN(at)) return stamp;
  const sentText = message.sentAt ?? batchSentAt;
  const sent = typeof sentText === 'string' ? Date.parse(sentText) : Number.NaN;
  if (Number.isNaN(sent)) return new Date(at).toISOString();
  return new Date(receivedAt.getTime() - (sent - at)).toISOString();
}

const CLICK_IDS = ['gclid', 'fbclid', 'msclkid'] as const;

/** UTM fields from `context.campaign`, the referrer from `context.page`, click ids from the URL. */
export function marketingOf(context: Bag, properties: Bag): Bag | undefined {
  const campaign = bag(context.campaign);
  const page = bag(context.page);
  const marketing: Bag = {};
  const set = (field: string, value: unknown) => {
    if (text(value) !== undefined) marketing[field] = value;
  };
  set('utm_source', campaign.source);
  set('utm_medium', campaign.medium);
  set('utm_campaign', campaign.name);
  set('utm_term', campaign.term);
  set('utm_content', campaign.content);
  set('referrer', text(page.referrer) ?? text(properties.referrer));
  const query = text(page.search) ?? queryOf(text(page.url) ?? text(properties.url));
  if (query) {
    const params = new URLSearchParams(query);
    for (const name of CLICK_IDS) set(name, params.get(name) ?? undefined);
  }
  return Object.keys(marketing).length > 0 ? marketing : undefined;
}

function queryOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).search;
  } catch {
    return undefined;
  }
}

/** Segment's `category` is a name ("Board Games"); the contract's category ids hold no spaces. */
function categoryId(product: Bag): unknown {
  if (product.category_id !== undefined) return product.category_id;
  const name = text(product.category);
  return name === undefined ? undefined : name.trim().replace(/\s+/g, '_');
}

function quantity(value: unknown): unknown {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

function currency(value: unknown): unknown {
  return typeof value === 'string' && /^[a-z]{3}$/i.test(value) ? value.toUpperCase() : value;
}

const defined = (record: Bag): Bag =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));

/** The product of Product Viewed / Product Added: `product_id`, else the `sku`. */
function productFields(properties: Bag): Bag {
  return defined({
    product_id: id(properties.product_id) ?? id(properties.sku),
    category_id: categoryId(properties),
  });
}

function orderItem(product: unknown): unknown {
  const p = bag(product);
  return defined({
    product_id: id(p.product_id) ?? id(p.sku),
    quantity: quantity(p.quantity) ?? 1,
    price: p.price,
    category_id: categoryId(p),
  });
}

function trackProperties(type: string, properties: Bag): Bag {
  const { products, ...rest } = properties;
  switch (type) {
    case 'product_view':
      return { ...rest, ...productFields(properties) };
    case 'add_to_cart':
      return defined({ ...rest, ...productFields(properties), quantity: quantity(rest.quantity) });
    case 'order_completed':
      return defined({
        ...rest,
        order_id: id(properties.order_id),
        // Segment's revenue excludes shipping and tax; total is what was paid. Revenue first.
        revenue: properties.revenue ?? properties.total,
        currency: currency(properties.currency),
        items: Array.isArray(products) ? products.map(orderItem) : products,
      });
    default:
      return properties;
  }
}

/** Where the call came from: a phone's OS, a browser, or unknown. */
function platformOf(call: SegmentCall, context: Bag): string | undefined {
  const device = text(bag(context.device).type)?.toLowerCase();
  if (device === 'ios' || device === 'android') return device;
  if (call === 'screen') return 'mobile-app';
  const library = text(bag(context.library).name) ?? '';
  if (context.page !== undefined || /^analytics[.-](js|next)/.test(library)) return 'web';
  return undefined;
}

const notMapped = (eventId: string | undefined, path: string, message: string): SegmentMapping => ({
  ok: false,
  ...(eventId === undefined ? {} : { event_id: eventId }),
  errors: [{ path, message }],
});

/**
 * One Segment call as a contract event (not yet validated), or why it has no place in the
 * contract. `messageId` is the event id, so a retried call is deduplicated downstream like a
 * retried native event.
 */
export function fromSegment(
  input: unknown,
  defaults: SegmentDefaults,
  receivedAt: Date,
): SegmentMapping {
  const message = bag(input);
  const eventId = id(message.messageId);
  const call = defaults.call ?? message.type;
  if (!isCall(call)) {
    return notMapped(
      eventId,
      '/type',
      `a call of type ${JSON.stringify(call ?? null)} is not taken; one of ${SEGMENT_CALLS.join(', ')}`,
    );
  }
  if (eventId === undefined) return notMapped(undefined, '/messageId', 'messageId is required');
  const context = { ...bag(defaults.context), ...bag(message.context) };
  const properties = bag(message.properties);
  const userId = id(message.userId);
  let anonymousId = id(message.anonymousId);
  let type: string;
  let mapped: Bag = {};
  switch (call) {
    case 'page':
    case 'screen':
      type = 'page_view';
      mapped = defined({ ...properties, name: message.name ?? properties.name });
      break;
    case 'identify':
      if (anonymousId === undefined || userId === undefined) {
        return notMapped(
          eventId,
          '/anonymousId',
          'identify needs userId and anonymousId: the contract keeps the link between them, not traits',
        );
      }
      type = 'identify';
      break;
    case 'alias':
      // The previous id is the identity the user had before: link it to the user, as identify does.
      anonymousId = id(message.previousId);
      if (anonymousId === undefined || userId === undefined) {
        return notMapped(eventId, '/previousId', 'alias needs previousId and userId');
      }
      type = 'identify';
      break;
    case 'track': {
      const event = text(message.event);
      const known =
        event === undefined
          ? undefined
          : SEGMENT_TRACK_EVENTS[event as keyof typeof SEGMENT_TRACK_EVENTS];
      if (!known) {
        return notMapped(
          eventId,
          '/event',
          `track ${JSON.stringify(event ?? null)} has no counterpart in the event contract; mapped: ${Object.keys(SEGMENT_TRACK_EVENTS).join(', ')}`,
        );
      }
      type = known;
      mapped = trackProperties(type, properties);
      break;
    }
  }
  return {
    ok: true,
    event: defined({
      event_id: eventId,
      type,
      occurred_at: occurredAt(message, defaults.sentAt, receivedAt),
      // analytics.js sends `userId: null` for an anonymous visitor; another non-id fails validation.
      user_id: userId ?? message.userId ?? undefined,
      anonymous_id: anonymousId,
      platform: platformOf(call, context),
      marketing: marketingOf(context, properties),
      properties: Object.keys(mapped).length > 0 ? mapped : undefined,
    }),
  };
}

export interface SegmentOutcome extends IntakeOutcome {
  /** Why each rejected item (by index) was refused. */
  codes: Map<number, RejectionCode>;
}

/**
 * Maps each call, then validates and stamps the mapped ones exactly as `/v1/events` does. Results
 * keep the caller's indices; a call that does not map is rejected with the reason, like an
 * invalid event, and never spoils the rest of the batch.
 */
export function takeInSegment(
  messages: readonly unknown[],
  defaults: SegmentDefaults,
  rules: IntakeRules,
  now: Date,
): SegmentOutcome {
  const codes = new Map<number, RejectionCode>();
  const results: IntakeOutcome['results'] = [];
  const candidates: unknown[] = [];
  const positions: number[] = [];
  messages.forEach((message, index) => {
    const mapping = fromSegment(message, defaults, now);
    if (mapping.ok) {
      candidates.push(mapping.event);
      positions.push(index);
      return;
    }
    codes.set(index, 'SEGMENT_NOT_MAPPED');
    results[index] = {
      index,
      ...(mapping.event_id === undefined ? {} : { event_id: mapping.event_id }),
      status: 'rejected',
      errors: mapping.errors,
    };
  });
  const validated = takeIn(candidates, rules, now);
  validated.results.forEach((result, i) => {
    const index = positions[i] as number;
    if (result.status === 'rejected') codes.set(index, 'INVALID_EVENT');
    results[index] = { ...result, index };
  });
  return { accepted: validated.accepted, results, codes };
}

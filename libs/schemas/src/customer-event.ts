import { Type, type Static } from '@sinclair/typebox';
import { compileValidator, type ValidationIssue, type Validated } from './validation';

/**
 * The customer event contract: what producers send to ingest-gateway and what every consumer
 * of `events.raw` reads. docs/event-contract.md explains each field.
 */
export const EVENT_TYPES = [
  'page_view',
  'session_start',
  'product_view',
  'ad_impression',
  'ad_click',
  'email_click',
  'identify',
  'add_to_cart',
  'order_completed',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

const Id = Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\s]+$' });
const Slug = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9_.-]*$' });
const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
/** Decimal money as a string or a number; stored and summed as exact decimals downstream. */
export const Money = Type.Union([
  Type.String({ pattern: '^-?\\d{1,15}(\\.\\d{1,6})?$' }),
  Type.Number({ minimum: -1e15, maximum: 1e15 }),
]);
export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$' });

export const MarketingFields = Type.Object(
  {
    utm_source: Type.Optional(Type.String({ maxLength: 256 })),
    utm_medium: Type.Optional(Type.String({ maxLength: 256 })),
    utm_campaign: Type.Optional(Type.String({ maxLength: 256 })),
    utm_term: Type.Optional(Type.String({ maxLength: 256 })),
    utm_content: Type.Optional(Type.String({ maxLength: 256 })),
    referrer: Type.Optional(Type.String({ maxLength: 2048 })),
    gclid: Type.Optional(Type.String({ maxLength: 256 })),
    fbclid: Type.Optional(Type.String({ maxLength: 256 })),
    msclkid: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: false },
);
export type MarketingFields = Static<typeof MarketingFields>;

const OrderItem = Type.Object(
  {
    product_id: Id,
    quantity: Type.Integer({ minimum: 1, maximum: 100000 }),
    price: Type.Optional(Money),
    category_id: Type.Optional(Id),
  },
  { additionalProperties: false },
);

/** Properties each event type requires; other types take free-form properties. */
export const PropertiesByType = {
  product_view: Type.Object({
    product_id: Id,
    category_id: Type.Optional(Id),
    price: Type.Optional(Money),
  }),
  add_to_cart: Type.Object({
    product_id: Id,
    category_id: Type.Optional(Id),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  }),
  order_completed: Type.Object({
    order_id: Id,
    revenue: Money,
    currency: CurrencyCode,
    items: Type.Optional(Type.Array(OrderItem, { maxItems: 1000 })),
  }),
  ad_impression: Type.Object({ ad_id: Type.Optional(Id), campaign_id: Type.Optional(Id) }),
  ad_click: Type.Object({ ad_id: Type.Optional(Id), campaign_id: Type.Optional(Id) }),
} as const;

export const CustomerEventInput = Type.Object(
  {
    event_id: Id,
    type: Type.Union(EVENT_TYPES.map((t) => Type.Literal(t))),
    occurred_at: Timestamp,
    user_id: Type.Optional(Id),
    anonymous_id: Type.Optional(Id),
    session_id: Type.Optional(Id),
    platform: Type.Optional(Slug),
    marketing: Type.Optional(MarketingFields),
    channel: Type.Optional(Slug),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type CustomerEventInput = Static<typeof CustomerEventInput>;

/** The event as stored on `events.raw`: the gateway has stamped received_at and the channel. */
export const CustomerEvent = Type.Composite([
  CustomerEventInput,
  Type.Object({ received_at: Timestamp, channel: Slug }),
]);
export type CustomerEvent = Static<typeof CustomerEvent>;
export type ProductViewProperties = Static<(typeof PropertiesByType)['product_view']>;
export type OrderCompletedProperties = Static<(typeof PropertiesByType)['order_completed']>;
export type OrderItem = Static<typeof OrderItem>;

const inputValidator = compileValidator(CustomerEventInput);
const storedValidator = compileValidator(CustomerEvent);
const propertyValidators = Object.fromEntries(
  Object.entries(PropertiesByType).map(([type, schema]) => [type, compileValidator(schema)]),
) as Record<string, ReturnType<typeof compileValidator>>;

export interface EventRules {
  /** Events further than this in the future (producer clock skew) are rejected. */
  maxFutureSkewMs: number;
  now: Date;
}

function checkSemantics(
  event: CustomerEventInput,
  rules: EventRules | undefined,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!event.user_id && !event.anonymous_id) {
    issues.push({ path: '/user_id', message: 'user_id or anonymous_id is required' });
  }
  if (event.type === 'identify' && !(event.user_id && event.anonymous_id)) {
    issues.push({ path: '/anonymous_id', message: 'identify needs both user_id and anonymous_id' });
  }
  const occurred = Date.parse(event.occurred_at);
  if (Number.isNaN(occurred)) {
    issues.push({ path: '/occurred_at', message: 'not a valid date-time' });
  } else if (rules && occurred - rules.now.getTime() > rules.maxFutureSkewMs) {
    issues.push({
      path: '/occurred_at',
      message: `more than ${Math.round(rules.maxFutureSkewMs / 1000)} s in the future`,
    });
  }
  const propsValidator = propertyValidators[event.type];
  if (propsValidator) {
    const result = propsValidator.check(event.properties ?? {});
    if (!result.ok) {
      for (const issue of result.issues) {
        issues.push({
          path: `/properties${issue.path === '/' ? '' : issue.path}`,
          message: issue.message,
        });
      }
    }
  }
  if (issues.length === 0) issues.push(...negativeMoney(event));
  return issues;
}

const isNegative = (money: unknown): boolean =>
  typeof money === 'number' ? money < 0 : typeof money === 'string' && /^-\d*[1-9]/.test(money);

/**
 * Revenue and prices are amounts paid: a negative one would be subtracted from every sum it
 * enters (attribution revenue, reports). Money allows a sign for other uses, so orders and
 * product prices are checked here, with a message that says what to do instead.
 */
function negativeMoney(event: CustomerEventInput): ValidationIssue[] {
  const properties = (event.properties ?? {}) as {
    revenue?: unknown;
    price?: unknown;
    items?: { price?: unknown }[];
  };
  const issues: ValidationIssue[] = [];
  const refuse = (path: string, value: unknown, hint = '') =>
    issues.push({ path, message: `must not be negative, got ${String(value)}${hint}` });
  if (event.type === 'order_completed' && isNegative(properties.revenue)) {
    refuse(
      '/properties/revenue',
      properties.revenue,
      ' (send a refund or cancellation as its own event, not as an order)',
    );
  }
  if (event.type === 'product_view' && isNegative(properties.price))
    refuse('/properties/price', properties.price);
  if (event.type === 'order_completed') {
    (properties.items ?? []).forEach((item, i) => {
      if (isNegative(item.price)) refuse(`/properties/items/${i}/price`, item.price);
    });
  }
  return issues;
}

/** Validates what a producer sent: shape, per-type properties, ids and clock skew. */
export function parseCustomerEventInput(
  input: unknown,
  rules?: EventRules,
): Validated<CustomerEventInput> {
  const shape = inputValidator.check(input);
  if (!shape.ok) return shape;
  const issues = checkSemantics(shape.value, rules);
  return issues.length ? { ok: false, issues } : shape;
}

/** Validates an event read from `events.raw` (consumers trust nothing on the wire). */
export function parseCustomerEvent(input: unknown): Validated<CustomerEvent> {
  const shape = storedValidator.check(input);
  if (!shape.ok) return shape;
  const issues = checkSemantics(shape.value, undefined);
  return issues.length ? { ok: false, issues } : shape;
}

/** The partition key: one customer's events stay in order on one partition. */
export function customerKey(event: Pick<CustomerEventInput, 'user_id' | 'anonymous_id'>): string {
  return event.user_id ?? event.anonymous_id ?? '';
}

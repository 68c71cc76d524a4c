import { Type, type Static } from '@sinclair/typebox';
import { ClientId, EntityId } from './ids';
import { compileValidator, type ValidationIssue, type Validated } from './validation';

/**
 * Campaign definitions, umbrella (tag) limits and participation requests of seed 002, with the
 * seed's kebab-case keys. Seed spellings are accepted as given (R25): `begining-of-period`,
 * `montly`. docs: services/campaign-core/README.md.
 */
const Literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v)));

/** A decimal as a JSON number or a string; sign and size are checked semantically. */
export const CampaignMoney = Type.Union([
  Type.String({ pattern: '^-?\\d{1,15}(\\.\\d{1,6})?$' }),
  Type.Number({ minimum: -1e15, maximum: 1e15 }),
]);
export type CampaignMoney = Static<typeof CampaignMoney>;

const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const Tag = Type.String({ minLength: 1, maxLength: 128 });
const GoalId = EntityId;
const Times = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });

export const DISPLAY_KINDS = ['master', 'others', 'never'] as const;
export const CAMPAIGN_TYPES = ['merge-by-tag', 'standalone'] as const;
export const JOIN_KINDS = ['auto', 'customer', 'operator'] as const;
export const JOIN_TERMS = ['frequency', 'frequency-with-span'] as const;
export const START_AGGREGATIONS = [
  'after-join',
  'beginning-of-period',
  'begining-of-period',
] as const;
export const ACTION_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const AVAILABILITY_STATUSES = ['active', 'inactive'] as const;
export const UMBRELLA_FREQUENCIES = ['adhoc', 'monthly', 'montly', 'yearly'] as const;
export const PARTICIPATION_STATUSES = ['joined', 'exited'] as const;

export const LocalizedLabel = Type.Object(
  {
    language: Type.String({ minLength: 2, maxLength: 16 }),
    label: Type.String({ maxLength: 4000 }),
  },
  { additionalProperties: false },
);
export type LocalizedLabel = Static<typeof LocalizedLabel>;

const Limit = Type.Object(
  { amount: Type.Optional(CampaignMoney), times: Type.Optional(Times) },
  { additionalProperties: false },
);

export const CampaignDefinition = Type.Object(
  {
    'campaign-id': EntityId,
    tag: Type.Array(Tag, { maxItems: 50, uniqueItems: true }),
    display: Literals(DISPLAY_KINDS),
    type: Literals(CAMPAIGN_TYPES),
    title: Type.Array(LocalizedLabel, { minItems: 1, maxItems: 50 }),
    description: Type.Array(LocalizedLabel, { maxItems: 50 }),
    action: Type.Object(
      { url: Type.String({ minLength: 1, maxLength: 2048 }), method: Literals(ACTION_METHODS) },
      { additionalProperties: false },
    ),
    earning: Type.Object(
      {
        currency: Currency,
        amount: CampaignMoney,
        ratio: Type.Optional(CampaignMoney),
        limit: Type.Optional(Limit),
      },
      { additionalProperties: false },
    ),
    availability: Type.Object(
      {
        from: Type.String({ format: 'date' }),
        to: Type.String({ format: 'date' }),
        status: Literals(AVAILABILITY_STATUSES),
      },
      { additionalProperties: false },
    ),
    rules: Type.Object(
      {
        join: Literals(JOIN_KINDS),
        'join-term': Literals(JOIN_TERMS),
        'start-aggregation': Literals(START_AGGREGATIONS),
      },
      { additionalProperties: false },
    ),
    goals: Type.Array(
      Type.Object(
        {
          id: Type.Integer({ minimum: 1 }),
          rule: Type.Array(GoalId, { minItems: 1, maxItems: 50 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    /** Extension (R18): a global budget per campaign across all clients. */
    budget: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type CampaignDefinition = Static<typeof CampaignDefinition>;

export const UmbrellaLimit = Type.Object(
  {
    /** Not in the seed: an id so that limits can be addressed over REST. */
    'limit-id': EntityId,
    tag: Type.Array(Tag, { minItems: 1, maxItems: 50, uniqueItems: true }),
    frequency: Literals(UMBRELLA_FREQUENCIES),
    'earning-limits': Type.Object(
      {
        currency: Currency,
        amount: Type.Optional(CampaignMoney),
        ratio: Type.Optional(CampaignMoney),
        times: Type.Optional(Times),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type UmbrellaLimit = Static<typeof UmbrellaLimit>;

export const ParticipationRequest = Type.Object(
  {
    'client-id': ClientId,
    status: Literals(PARTICIPATION_STATUSES),
    'join-info': Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ParticipationRequest = Static<typeof ParticipationRequest>;

const campaignValidator = compileValidator(CampaignDefinition);
const umbrellaValidator = compileValidator(UmbrellaLimit);
export const participationRequestValidator = compileValidator(ParticipationRequest);

export interface CampaignValidationContext {
  /** Goal ids that exist in campaign-goals (stream and ad-hoc). */
  knownGoalIds: ReadonlySet<number>;
}

export function validateCampaignDefinition(
  input: unknown,
  context: CampaignValidationContext,
): Validated<CampaignDefinition> {
  const shape = campaignValidator.check(input);
  if (!shape.ok) return shape;
  const issues = campaignIssues(shape.value, context);
  return issues.length === 0 ? shape : { ok: false, issues };
}

export function validateUmbrellaLimit(input: unknown): Validated<UmbrellaLimit> {
  const shape = umbrellaValidator.check(input);
  if (!shape.ok) return shape;
  const limits = shape.value['earning-limits'];
  const issues = [
    ...nonNegative('/earning-limits/amount', limits.amount),
    ...nonNegative('/earning-limits/ratio', limits.ratio),
  ];
  if (limits.amount === undefined && limits.ratio === undefined && limits.times === undefined) {
    issues.push({
      path: '/earning-limits',
      message: 'must cap at least one of amount, ratio, times',
    });
  }
  return issues.length === 0 ? shape : { ok: false, issues };
}

/** Semantic checks beyond the shape: dates in order, no negative money, goals that exist. */
export function campaignIssues(
  campaign: CampaignDefinition,
  context: CampaignValidationContext,
): ValidationIssue[] {
  const { earning, availability, goals, budget } = campaign;
  const issues: ValidationIssue[] = [
    ...nonNegative('/earning/amount', earning.amount),
    ...nonNegative('/earning/ratio', earning.ratio),
    ...nonNegative('/earning/limit/amount', earning.limit?.amount),
    ...nonNegative('/budget/amount', budget?.amount),
  ];
  if (availability.from > availability.to) {
    issues.push({ path: '/availability/to', message: 'must not be before availability.from' });
  }
  const entryIds = new Set<number>();
  goals.forEach((entry, i) => {
    if (entryIds.has(entry.id))
      issues.push({ path: `/goals/${i}/id`, message: 'duplicate goal entry id' });
    entryIds.add(entry.id);
    entry.rule.forEach((goalId, j) => {
      if (!context.knownGoalIds.has(goalId)) {
        issues.push({ path: `/goals/${i}/rule/${j}`, message: `goal ${goalId} does not exist` });
      }
    });
  });
  return issues;
}

function nonNegative(path: string, value: CampaignMoney | undefined): ValidationIssue[] {
  if (value === undefined) return [];
  // The shape already bounds the value, so its sign is all that is left to check.
  return Number(value) < 0 ? [{ path, message: 'must be a non-negative decimal' }] : [];
}

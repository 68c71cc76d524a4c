import { Type } from '@sinclair/typebox';
import { ERASURE_REASONS } from './erasure-request';
import { ERASURE_STEPS } from './erasure-plan';
import { PAYOUT_RETENTIONS } from './payout-policy';

/*
 * The answers of the erasure and export routes (journey-stitcher's, and query-api's that forward
 * to them), as response schemas. Fastify serializes with them and drops members a schema does not
 * declare, so every object whose members may grow (a new step, a new store, a table's columns)
 * is open (`additionalProperties: true`): the schema documents, it never filters.
 */

const SubjectKind = Type.Union([Type.Literal('user_id'), Type.Literal('anonymous_id')]);
const Timestamp = Type.String({ format: 'date-time' });

const StepMarkSchema = Type.Object(
  {
    done: Type.Literal(true),
    counts: Type.Object(
      {},
      {
        additionalProperties: Type.Number(),
        description: 'rows or keys the step removed, by store',
      },
    ),
    finished_at: Timestamp,
  },
  { additionalProperties: true },
);

/** One audit row (ErasureRecord): no personal data. */
export const ErasureRecordSchema = Type.Object(
  {
    erasure_id: Type.String(),
    subject_kind: SubjectKind,
    reason: Type.Union(ERASURE_REASONS.map((r) => Type.Literal(r))),
    requested_by: Type.String(),
    payout_retention: Type.Union(PAYOUT_RETENTIONS.map((p) => Type.Literal(p))),
    status: Type.Union([Type.Literal('running'), Type.Literal('completed')]),
    // Open: a step added later is still answered.
    steps: Type.Object(
      Object.fromEntries(ERASURE_STEPS.map((step) => [step, Type.Optional(StepMarkSchema)])),
      { additionalProperties: true, description: 'each finished step, in the order of the plan' },
    ),
    requested_at: Timestamp,
    updated_at: Timestamp,
    completed_at: Type.Union([Timestamp, Type.Null()]),
  },
  // Open: the audit row may gain members.
  { additionalProperties: true, description: "an erasure's audit row (docs/privacy.md)" },
);

/** A table's rows as the store holds them: every column, as it is (open, never filtered). */
const Rows = Type.Array(Type.Object({}, { additionalProperties: true }), {
  description: 'rows, every column as stored',
});
const RowsByTable = Type.Object(
  {},
  { additionalProperties: Rows, description: 'rows by table name' },
);

/** What the platform holds about one customer (AccessExport), store by store. */
export const AccessExportSchema = Type.Object(
  {
    subject: Type.Object({ kind: SubjectKind, id: Type.String() }, { additionalProperties: true }),
    ids: Type.Array(Type.String(), {
      description: 'the subject and every id identity links tie to them',
    }),
    generated_at: Timestamp,
    // Open: a warehouse table added to the export is still answered.
    warehouse: Type.Object(
      {
        raw_events: Rows,
        identity_links: Rows,
        customer_journeys: Rows,
        non_converting_paths: Rows,
        report_sets: RowsByTable,
      },
      { additionalProperties: true },
    ),
    // Open, as above.
    realtime: Type.Object(
      {
        recently_viewed: Type.Object(
          {},
          {
            additionalProperties: Type.Array(
              Type.Object(
                { product_id: Type.String(), category_id: Type.String(), viewed_at: Type.Number() },
                { additionalProperties: true },
              ),
            ),
            description: "each id's recently viewed products, newest first",
          },
        ),
        views_last_hour: Type.Array(Type.Object({}, { additionalProperties: true }), {
          description:
            "the ids' views still in the live window's log, oldest first, as realtime-analytics holds them",
        }),
      },
      { additionalProperties: true },
    ),
    campaign: RowsByTable,
  },
  // Open: a store added to the export is still answered.
  { additionalProperties: true, description: 'an access export (docs/privacy.md)' },
);

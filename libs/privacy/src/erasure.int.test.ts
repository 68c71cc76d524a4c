import {
  DEFAULT_SETTINGS,
  createRealtimeEraser,
  createRealtimeReader,
  createRealtimeWriter,
  type ProductView,
} from '@tributary/realtime-store';
import type { Pool } from '@tributary/postgres';
import {
  createTestDatabase,
  createTestRedis,
  testLogger,
  type TestDatabase,
  type TestRedis,
} from '@tributary/testing';
import { findErasure } from './erasure-audit';
import { ERASURE_STEPS, type ErasureStep } from './erasure-plan';
import { createIdHasher } from './id-hasher';
import { CAMPAIGN_DELETED, CAMPAIGN_RETAINED, type PayoutRetention } from './payout-policy';
import { openErasureFor, runErasure, type ErasureDeps } from './run-erasure';
import { suppressedIds } from './suppression';
import { exportCustomer } from './access-export';
import { SUPPRESSION_REDIS_KEY, suppressingWriter } from './realtime-suppression';
import { REPORT_SET_TABLES } from './warehouse-steps';

// Distinctive ids: a table dump that still contains one of them still names the erased customer.
const ERASED = { user: 'erase-me-user-7', anon: 'erase-me-anon-7', anon2: 'erase-me-anon-8' };
const KEPT = { user: 'keep-me-user-3', anon: 'keep-me-anon-3' };
const NOT_OURS = ['erasures', 'erasure_subjects', 'erasure_suppressions', 'schema_migrations'];
const hash = createIdHasher('test-erasure-secret-Qm7Vx2Kp9Lr4');

async function seedCustomer(pool: Pool, user: string, anons: string[], n: number): Promise<void> {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const ids = [
    ...anons.map((a) => ({ user: null as string | null, anon: a })),
    { user, anon: anons[0] ?? null },
  ];
  for (const [i, who] of ids.entries()) {
    await pool.query(
      `INSERT INTO raw_events (event_id, type, occurred_at, received_at, customer_id, user_id,
         anonymous_id, channel, product_id, category_id, order_id, revenue, currency, payload)
       VALUES ($1, $2, $3, $3, coalesce($4, $5), $4, $5, 'direct', 'p1', 'c1', $6, $7, $8, $9)`,
      [
        `ev-${user}-${i}`,
        who.user ? 'order_completed' : 'product_viewed',
        at,
        who.user,
        who.anon,
        who.user ? `o-${user}` : null,
        who.user ? '12.50' : null,
        who.user ? 'TRY' : null,
        JSON.stringify({ user_id: who.user, anonymous_id: who.anon }),
      ],
    );
  }
  for (const anon of anons) {
    await pool.query('INSERT INTO identity_links VALUES ($1, $2, $3)', [anon, user, at]);
  }
  await pool.query(
    `INSERT INTO customer_journeys (journey_id, customer_id, order_id, converted_at, revenue, currency,
       touchpoints, channel_path, touchpoint_count, stitched_at)
     VALUES ($1, $2, $3, $4, 12.50, 'TRY', '[]', '{}', 0, $4)`,
    [`j:o-${user}`, user, `o-${user}`, at],
  );
  await pool.query(
    `INSERT INTO non_converting_paths VALUES ($1, $2, $3, $4, '[{"channel":"direct"}]', '{direct}', 1, $4)`,
    [`n:${anons[0]}:x`, anons[0], new Date(Date.now() - 7_200_000), at],
  );
  const sets = await pool.query<{ t: string | null }>(
    `SELECT to_regclass('category_view_sets')::text AS t`,
  );
  if (sets.rows[0]?.t) {
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
    for (const person of [user, ...anons]) {
      await pool.query(`INSERT INTO category_view_sets VALUES ($1, $2, 'c1', 'p1', $3, 2)`, [
        hour,
        person !== user,
        person,
      ]);
      await pool.query(`INSERT INTO category_viewer_sets VALUES ($1, $2, 'c1', $3)`, [
        hour,
        person !== user,
        person,
      ]);
    }
    await pool.query(
      `INSERT INTO category_purchase_sets VALUES ($1, false, 'c1', 'p1', $2, $3, 1)`,
      [hour, user, `o-${user}`],
    );
  }
  // Campaign data: the bank client id is the user id.
  await pool.query(
    `INSERT INTO stream_data (client_id, stream_id, begin_instant, end_instant, begin_date, end_date,
       full_end_instant, full_end_date, state, currency, amount, times)
     VALUES ($1, 's1', '2025-01-01', '2025-02-01', '2025-01-01', '2025-02-01', '2025-02-02',
       '2025-02-02', 'completed', 'TRY', 100, ${n})`,
    [user],
  );
  await pool.query(
    `INSERT INTO stream_ledger (stream_id, identity, source_topic, source_partition, source_offset,
       source_type, client_id, event_time, original_amount, original_currency, fx_rate,
       converted_amount, target_currency, applied)
     VALUES ('s1', $2, 'payments', 0, ${n}, 'add', $1, '2025-01-05', 100, 'TRY', 1, 100, 'TRY', true)`,
    [user, `offset:payments:0:${n}`],
  );
  await pool.query(
    `INSERT INTO goal_realizations (realization_id, client_id, goal_id, stream_id, trigger, elapsed,
       begin_instant, end_instant, begin_date, end_date, full_end_instant, value)
     VALUES ($2, $1, 'g1', 's1', 'when-reach', '2025-01-05', '2025-01-01', '2025-02-01', '2025-01-01',
       '2025-02-01', '2025-02-02', 100)`,
    [user, `g1:${user}:2025-01-01T00:00:00.000Z`],
  );
  await pool.query(
    `INSERT INTO goal_outbox (realization_id, message_key, payload) VALUES ($1, $3, $2)`,
    [
      `g1:${user}:2025-01-01T00:00:00.000Z`,
      JSON.stringify({
        'realization-id': `g1:${user}:2025-01-01T00:00:00.000Z`,
        'client-id': user,
      }),
      user,
    ],
  );
  await pool.query(
    `INSERT INTO adhoc_calls (goal_id, client_id, url, status, result, attempts, duration_ms)
     VALUES ('g2', $1, $2, 200, true, 1, 5)`,
    [user, `https://bank.example/check?c=${user}`],
  );
  await pool.query(
    `INSERT INTO participations (client_id, campaign_id, status, joined_at, join_info, recorded_by)
     VALUES ($1, 1, 'joined', '2025-01-01', $2, 'api')`,
    [user, JSON.stringify({ channel: 'app', client: user })],
  );
  await pool.query(
    `INSERT INTO campaign_goal_inbox (realization_id, client_id, goal_id, stream_id, begin_date,
       end_date, begin_instant, end_instant, full_end_instant, elapsed)
     VALUES ($2, $1, 1, 1, '2025-01-01', '2025-02-01', '2025-01-01', '2025-02-01', '2025-02-02', '2025-01-05')`,
    [user, `g1:${user}:2025-01-01T00:00:00.000Z`],
  );
  const realization = await pool.query<{ id: string }>(
    `INSERT INTO campaign_realizations (client_id, campaign_id, status, begin_date, end_date,
       begin_instant, end_instant, full_end_instant, completed_goals, earning_currency, earning_amount)
     VALUES ($1, 1, 'elapsed', '2025-01-01', '2025-02-01', '2025-01-01', '2025-02-01', '2025-02-02',
       '{1}', 'TRY', 10.00) RETURNING id`,
    [user],
  );
  await pool.query(`INSERT INTO limit_usage (limit_key, amount) VALUES ($1, 10)`, [
    JSON.stringify(['campaign', 1, user]),
  ]);
  await pool.query(`INSERT INTO adhoc_first_check_cache VALUES ($1, 1, 2, '2025-01-03')`, [user]);
  await pool.query(
    `INSERT INTO action_outbox (realization_id, client_id, campaign_id, idempotency_key, url, method,
       headers, body, status)
     VALUES ($1, $2, 1, $3, $4, 'POST', '{"Idempotency-Key":"x"}', $5, 'sent')`,
    [
      realization.rows[0]?.id,
      user,
      `idem-${n}`,
      `https://bank.example/pay/${encodeURIComponent(user)}`,
      JSON.stringify({ 'client-id': user, earning: { amount: '10.00', currency: 'TRY' } }),
    ],
  );
}

/** Every row of every table of ours (partitions through their parent), as text, sorted. */
async function dump(pool: Pool): Promise<Map<string, string[]>> {
  const tables = await pool.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     ORDER BY c.relname`,
  );
  const out = new Map<string, string[]>();
  for (const { relname } of tables.rows) {
    if (NOT_OURS.includes(relname)) continue;
    const rows = await pool.query<{ t: string }>(`SELECT t::text AS t FROM "${relname}" t`);
    out.set(relname, rows.rows.map((r) => r.t).sort());
  }
  return out;
}

function without(snapshot: Map<string, string[]>, needles: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [table, rows] of snapshot) {
    out.set(
      table,
      rows.filter((r) => !needles.some((n) => r.includes(n))),
    );
  }
  return out;
}

function naming(snapshot: Map<string, string[]>, needles: string[]): string[] {
  return [...snapshot].flatMap(([table, rows]) =>
    rows.filter((r) => needles.some((n) => r.includes(n))).map((r) => `${table}: ${r}`),
  );
}

/** Every Redis key of the test with its content. */
async function redisDump(test: TestRedis): Promise<Record<string, unknown>> {
  const keys = (await test.redis.keys(`${test.prefix}*`)).map((k) => k.slice(test.prefix.length));
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    const type = await test.redis.type(key);
    out[key] =
      type === 'hash'
        ? await test.redis.hgetall(key)
        : type === 'zset'
          ? await test.redis.zrange(key, 0, -1, 'WITHSCORES')
          : await test.redis.get(key);
  }
  return out;
}

describe('erasure on the real stores', () => {
  let db: TestDatabase;
  let test: TestRedis;
  let deps: ErasureDeps;
  const now = Date.now();

  function views(user: string, anon: string, start: number): ProductView[] {
    return [
      {
        eventId: `v-${user}-1`,
        userId: user,
        productId: 'p1',
        categoryId: 'c1',
        platform: 'web',
        occurredAt: now - 60_000,
        receivedAt: now - 60_000,
      },
      {
        eventId: `v-${user}-2`,
        userId: anon,
        productId: `p${start}`,
        categoryId: 'c2',
        platform: 'ios',
        occurredAt: now - 30_000,
        receivedAt: now - 30_000,
      },
      // In the log only (older than the live window).
      {
        eventId: `v-${user}-3`,
        userId: user,
        productId: 'p9',
        categoryId: 'c1',
        platform: 'web',
        occurredAt: now - 20 * 60_000,
        receivedAt: now - 20 * 60_000,
      },
    ];
  }

  async function seed(policy: PayoutRetention): Promise<void> {
    db = await createTestDatabase();
    test = await createTestRedis();
    await seedCustomer(db.pool, ERASED.user, [ERASED.anon, ERASED.anon2], 1);
    await seedCustomer(db.pool, KEPT.user, [KEPT.anon], 2);
    // Category reports hold no person ids: a run is here to show the erasure leaves it alone.
    await db.pool.query(
      `INSERT INTO category_report_runs VALUES ('hour', '2025-01-01T10:00Z', '2025-01-01T11:00Z', now(), 1, 0, 0)`,
    );
    await db.pool.query(
      `INSERT INTO category_top_products VALUES ('hour', '2025-01-01T10:00Z', 'viewed', 'c1', 1, 'p1', 2, 3, NULL)`,
    );
    const writer = createRealtimeWriter(test.redis, DEFAULT_SETTINGS);
    await writer.applyViews(
      [...views(ERASED.user, ERASED.anon, 2), ...views(KEPT.user, KEPT.anon, 3)],
      now,
    );
    deps = {
      pool: db.pool,
      realtime: createRealtimeEraser(test.redis),
      redis: test.redis,
      hash,
      payoutRetention: policy,
      suppressionMs: 7 * 86_400_000,
      now: () => new Date(),
      logger: testLogger(),
    };
  }

  afterEach(async () => {
    await db.drop();
    await test.cleanup();
  });

  const order = {
    subject: { kind: 'anonymous_id' as const, id: ERASED.anon2 },
    reason: 'subject-request' as const,
    requestedBy: 'operator-key:ops-1',
  };
  const needles = [ERASED.user, ERASED.anon, ERASED.anon2];

  it('empties every store of the customer (found by one of its anonymous ids), leaves the other customer as it was, and the audit says what it did', async () => {
    await seed('pseudonymise');
    const before = await dump(db.pool);
    const redisBefore = await redisDump(test);
    expect(naming(before, needles).length).toBeGreaterThan(15);

    const exported = await exportCustomer(db.pool, deps.realtime, order.subject, new Date());
    expect(exported.ids).toEqual([ERASED.anon, ERASED.anon2, ERASED.user].sort());
    expect(exported.warehouse.raw_events).toHaveLength(3);
    expect(exported.realtime.views_last_hour).toHaveLength(3);
    expect(Object.keys(exported.realtime.recently_viewed).sort()).toEqual(
      [ERASED.anon, ERASED.user].sort(),
    );
    expect(exported.campaign.participations).toHaveLength(1);
    if (exported.warehouse.report_sets.category_viewer_sets) {
      expect(exported.warehouse.report_sets.category_viewer_sets).toHaveLength(3);
    }

    const { record, created } = await openErasureFor(deps, order);
    expect(created).toBe(true);
    const done = await runErasure(deps, record.erasure_id);

    const after = await dump(db.pool);
    expect(naming(after, needles)).toEqual([]);
    // The other customer, the reports and the configuration: unchanged, row for row.
    expect(without(after, ['erased:'])).toEqual(without(before, needles));
    // Payout records stay, under a pseudonym.
    for (const table of [
      'stream_data',
      'stream_ledger',
      'campaign_realizations',
      'action_outbox',
      'limit_usage',
      'goal_outbox',
    ]) {
      expect((after.get(table) ?? []).filter((r) => r.includes('erased:'))).toHaveLength(1);
    }
    expect(after.get('adhoc_calls')).toHaveLength(1);

    const redisAfter = await redisDump(test);
    expect(JSON.stringify(redisAfter)).not.toMatch(/erase-me/);
    const reader = createRealtimeReader(test.redis, DEFAULT_SETTINGS);
    const users = await reader.users({ now: Date.now() });
    expect(users.users.map((u) => u.user_id).sort()).toEqual([KEPT.anon, KEPT.user].sort());
    expect((await reader.recentlyViewed(KEPT.user)).products).toHaveLength(2);
    for (const [key, value] of Object.entries(redisBefore)) {
      if (key.includes(KEPT.user) || key.includes(KEPT.anon))
        expect(redisAfter[key]).toEqual(value);
    }

    // The reads above moved the window's cutoff: the state to compare the second erasure with.
    const redisSettled = await redisDump(test);
    expect(done.status).toBe('completed');
    expect(done.requested_by).toBe('operator-key:ops-1');
    expect(done.steps.raw_events?.counts).toEqual({ rows: 3 });
    expect(done.steps.identity_links?.counts).toEqual({ rows: 2 });
    expect(done.steps.recently_viewed?.counts).toEqual({ keys: 4 });
    expect(done.steps.live_window?.counts).toEqual({ views: 3, live_views: 2 });
    expect(done.steps.campaign?.counts).toMatchObject({
      deleted_adhoc_calls: 1,
      pseudonymised_stream_data: 1,
    });
    const audit = await db.pool.query('SELECT e::text AS t FROM erasures e');
    expect(audit.rows[0].t).not.toMatch(/erase-me/);
    expect((await db.pool.query('SELECT * FROM erasure_subjects')).rowCount).toBe(0);
    const suppressed = await suppressedIds(db.pool, hash, [...needles, KEPT.user], new Date());
    expect([...suppressed.keys()].sort()).toEqual([...needles].sort());
    expect(
      (await db.pool.query<{ t: string }>('SELECT id_hash AS t FROM erasure_suppressions')).rows
        .map((r) => r.t)
        .join(),
    ).not.toMatch(/erase-me/);

    // Erasing again changes nothing and says so.
    const again = await openErasureFor(deps, {
      ...order,
      subject: { kind: 'user_id', id: ERASED.user },
    });
    const second = await runErasure(deps, again.record.erasure_id);
    expect(await dump(db.pool)).toEqual(after);
    // Only the suppression's instant moves on: a second erasure suppresses up to its own time.
    const { [SUPPRESSION_REDIS_KEY]: _later, ...secondRedis } = await redisDump(test);
    const { [SUPPRESSION_REDIS_KEY]: _first, ...firstRedis } = redisSettled;
    expect(secondRedis).toEqual(firstRedis);
    expect(second.steps.raw_events?.counts).toEqual({ rows: 0 });
    expect(second.steps.live_window?.counts).toEqual({ views: 0, live_views: 0 });

    // realtime-analytics' writer, fed the old views again (a redelivery or a rebuild from Kafka),
    // keeps none of them; a view after the erasure is new data and is kept.
    const dropped: number[] = [];
    const guarded = suppressingWriter(
      createRealtimeWriter(test.redis, DEFAULT_SETTINGS),
      test.redis,
      hash,
      (n) => dropped.push(n),
    );
    const replayed = await guarded.applyViews(views(ERASED.user, ERASED.anon, 2), Date.now());
    expect(replayed).toMatchObject({ live: 0, historyOnly: 0, duplicates: 0 });
    expect(dropped).toEqual([3]);
    expect(await test.redis.hlen(SUPPRESSION_REDIS_KEY)).toBe(3);
    expect(JSON.stringify(await redisDump(test))).not.toMatch(/erase-me/);
    const fresh = {
      ...views(ERASED.user, ERASED.anon, 2)[0]!,
      eventId: 'v-new',
      occurredAt: Date.now() + 1,
      receivedAt: Date.now() + 1,
    };
    expect((await guarded.applyViews([fresh], Date.now() + 2)).live).toBe(1);
  });

  it('knows every column that can hold a person id: each table is erased, pseudonymised, or named as holding none', async () => {
    db = await createTestDatabase();
    test = await createTestRedis();
    const columns = await db.pool.query<{ t: string }>(
      `SELECT DISTINCT c.table_name AS t FROM information_schema.columns c
       JOIN pg_class k ON k.relname = c.table_name AND NOT k.relispartition
       WHERE c.table_schema = 'public'
         AND c.column_name ~ '(user|customer|client|anonymous|realization_id|limit_key|payload|body|url)'
       ORDER BY 1`,
    );
    const covered = new Set([
      'raw_events',
      'customer_journeys',
      'non_converting_paths',
      'identity_links',
      ...CAMPAIGN_DELETED,
      ...CAMPAIGN_RETAINED.map((r) => r.table),
      'goal_outbox',
      'limit_usage',
      // Ours: hashes only, or the ids of a running erasure (deleted by its last step).
      'erasure_suppressions',
      'erasure_subjects',
      'erasures',
      // Category reports count distinct users; they name none.
      'category_top_products',
      ...REPORT_SET_TABLES,
    ]);
    expect(columns.rows.map((r) => r.t).filter((t) => !covered.has(t))).toEqual([]);
  });

  it('keeps payout records as they are under PAYOUT_RETENTION=keep, and deletes the rest', async () => {
    await seed('keep');
    const before = await dump(db.pool);
    const { record } = await openErasureFor(deps, {
      ...order,
      subject: { kind: 'user_id', id: ERASED.user },
    });
    const done = await runErasure(deps, record.erasure_id);
    const after = await dump(db.pool);
    const left = naming(after, needles).map((r) => r.slice(0, r.indexOf(':')));
    expect([...new Set(left)].sort()).toEqual([
      'action_outbox',
      'campaign_goal_inbox',
      'campaign_realizations',
      'goal_outbox',
      'goal_realizations',
      'limit_usage',
      'participations',
      'stream_data',
      'stream_ledger',
    ]);
    expect(without(after, needles)).toEqual(without(before, needles));
    expect(done.steps.campaign?.counts).toMatchObject({
      kept_stream_data: 1,
      deleted_adhoc_calls: 1,
    });
  });

  it.each([
    'suppress',
    'identity_links',
    'recently_viewed',
    'live_window',
    'campaign',
  ] as ErasureStep[])(
    'resumes after a crash following step %s and ends where an uninterrupted erasure ends',
    async (crashAfter) => {
      await seed('pseudonymise');
      const before = await dump(db.pool);
      const crashing: ErasureDeps = {
        ...deps,
        afterStep: (step) => {
          if (step === crashAfter) throw new Error('injected crash');
        },
      };
      const { record } = await openErasureFor(crashing, order);
      await expect(runErasure(crashing, record.erasure_id)).rejects.toThrow('injected crash');
      const half = await findErasure(db.pool, record.erasure_id);
      expect(half?.status).toBe('running');
      const k = ERASURE_STEPS.indexOf(crashAfter);
      expect(Object.keys(half?.steps ?? {}).sort()).toEqual(
        [...ERASURE_STEPS.slice(0, k + 1)].sort(),
      );
      // A repeated request while it is unfinished joins it.
      const joined = await openErasureFor(deps, order);
      expect(joined).toMatchObject({ created: false, record: { erasure_id: record.erasure_id } });

      const done = await runErasure(deps, record.erasure_id);
      expect(done.status).toBe('completed');
      const after = await dump(db.pool);
      expect(naming(after, needles)).toEqual([]);
      expect(without(after, ['erased:'])).toEqual(without(before, needles));
      expect(JSON.stringify(await redisDump(test))).not.toMatch(/erase-me/);
      // Steps finished before the crash are not run again.
      expect(done.steps[crashAfter]).toEqual(half?.steps[crashAfter]);
    },
  );
});

-- Least-privilege roles: one login role per service, each allowed to write only the tables it
-- owns in the design; query-api reads and never writes. Not a migration: run it as the role that
-- ran the migrations (it owns the tables), after the first migration run and after every release
-- whose migrations add tables or replace the partition functions. Idempotent.
--
--   psql "$OWNER_DATABASE_URL" -v ON_ERROR_STOP=1 -f libs/migrations/roles/least-privilege.sql
--   psql "$OWNER_DATABASE_URL" -c "ALTER ROLE tributary_query_api PASSWORD '...'"   -- per role
--
-- Needs CREATEROLE (the managed services' admin user has it). Tested by
-- tests/secure-infra/postgres-tls.int.test.ts.

DO $$
DECLARE
  name text;
BEGIN
  FOREACH name IN ARRAY ARRAY[
    'tributary_query_api', 'tributary_journey_stitcher', 'tributary_attribution_engine',
    'tributary_category_reports', 'tributary_campaign_goals', 'tributary_campaign_core'
  ] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = name) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', name);
    END IF;
  END LOOP;
END
$$;

-- CONNECT and TEMPORARY are PUBLIC's by default; granted by name for databases that revoked
-- them. journey-stitcher (re-stitching) and attribution-engine (touch paths) use temporary tables.
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO tributary_query_api, tributary_journey_stitcher,
    tributary_attribution_engine, tributary_category_reports, tributary_campaign_goals,
    tributary_campaign_core', current_database());
  EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO tributary_journey_stitcher,
    tributary_attribution_engine', current_database());
END
$$;

-- Reading: every service reads what it joins against; the warehouse holds no secrets.
GRANT USAGE ON SCHEMA public TO tributary_query_api, tributary_journey_stitcher,
  tributary_attribution_engine, tributary_category_reports, tributary_campaign_goals,
  tributary_campaign_core;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO tributary_query_api, tributary_journey_stitcher,
  tributary_attribution_engine, tributary_category_reports, tributary_campaign_goals,
  tributary_campaign_core;
-- Tables later migrations create (run by the same owner) are readable without a re-run.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO tributary_query_api,
  tributary_journey_stitcher, tributary_attribution_engine, tributary_category_reports,
  tributary_campaign_goals, tributary_campaign_core;

-- query-api: read only, and read-only transactions even if a grant slips in later.
ALTER ROLE tributary_query_api SET default_transaction_read_only = on;

-- Writers: their own tables, and the sequences of identity columns.
GRANT INSERT, UPDATE, DELETE ON raw_events, identity_links, products, customer_journeys,
  non_converting_paths, processed_messages TO tributary_journey_stitcher;
GRANT INSERT, UPDATE, DELETE ON attribution_runs, attribution_results, attribution_ad_spend,
  fx_rates TO tributary_attribution_engine;
GRANT INSERT, UPDATE, DELETE ON category_report_runs, category_top_products, category_conversion
  TO tributary_category_reports;
GRANT INSERT, UPDATE, DELETE ON stream_definitions, goal_definitions, stream_data,
  stream_record_identities, stream_ledger, goal_realizations, goal_outbox, fx_rates, adhoc_calls
  TO tributary_campaign_goals;
-- The replay clock is set through campaign-goals' admin API; campaign-core only reads it.
GRANT UPDATE ON replay_clock TO tributary_campaign_goals;
-- campaign_config_version is bumped by triggers on campaigns and campaign_limits, which run as
-- the writing role.
GRANT INSERT, UPDATE, DELETE ON campaigns, campaign_limits, participations, campaign_goal_inbox,
  campaign_realizations, limit_usage, adhoc_first_check_cache, action_outbox,
  campaign_config_version TO tributary_campaign_core;
-- journey-stitcher runs KVKK/GDPR erasures (docs/privacy.md): its audit and suppression tables,
-- and the rows that name the erased customer elsewhere (report sets; campaign rows deleted or
-- pseudonymised by PAYOUT_RETENTION). No INSERT there: an erasure only removes or rewrites.
GRANT INSERT, UPDATE, DELETE ON erasures, erasure_subjects, erasure_suppressions
  TO tributary_journey_stitcher;
GRANT UPDATE, DELETE ON stream_data, stream_ledger, goal_realizations, goal_outbox, adhoc_calls,
  participations, campaign_goal_inbox, campaign_realizations, limit_usage,
  adhoc_first_check_cache, action_outbox TO tributary_journey_stitcher;
DO $$
BEGIN
  -- The incremental category-report sets (0402), where that migration has run: journey-stitcher
  -- writes them in its raw insert (and an erasure removes a person's rows); category-reports'
  -- backfill rebuilds them (a LOCK TABLE in EXCLUSIVE mode, then delete and insert).
  IF to_regclass('category_view_sets') IS NOT NULL THEN
    GRANT INSERT, UPDATE, DELETE ON category_view_sets, category_product_view_counts,
      category_viewer_counts, category_viewer_sets, category_purchase_sets,
      category_report_product_sources TO tributary_journey_stitcher, tributary_category_reports;
    GRANT INSERT, UPDATE, DELETE ON category_report_set_coverage TO tributary_category_reports;
  END IF;
END
$$;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO tributary_journey_stitcher,
  tributary_attribution_engine, tributary_category_reports, tributary_campaign_goals,
  tributary_campaign_core;

-- Partition maintenance is DDL (create, attach, detach, drop), which only the tables' owner may
-- do. The two services call the migrations' functions, which run as their owner instead, with a
-- fixed search_path so a caller cannot substitute objects.
ALTER FUNCTION ensure_raw_event_partitions(date, date) SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION detach_raw_event_partitions(int, date) SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION ensure_stream_ledger_partition(timestamptz) SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE EXECUTE ON FUNCTION ensure_raw_event_partitions(date, date), detach_raw_event_partitions(int, date),
  ensure_stream_ledger_partition(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ensure_raw_event_partitions(date, date), detach_raw_event_partitions(int, date)
  TO tributary_journey_stitcher;
GRANT EXECUTE ON FUNCTION ensure_stream_ledger_partition(timestamptz) TO tributary_campaign_goals;

-- attribution-engine: runs report revenue and spend in one currency (ATTRIBUTION_REPORTING_CURRENCY).
-- Journeys keep the currency of their order; a run converts each at the rate of its local
-- conversion date from fx_rates (0500, shared with campaign-goals: one rate per pair and date).
-- Spend may now name its currency too; NULL means it is already in the reporting currency.
ALTER TABLE attribution_ad_spend
  ADD COLUMN currency char(3) CHECK (currency ~ '^[A-Z]{3}$');


-- campaign-core: a configuration version, so the goals.achieved consumer can keep campaign and
-- umbrella definitions in memory and reload them only when a batch sees another version.
-- Bumped by statement triggers in the transaction that changes the configuration, so a reader
-- can never see new definitions with an old version (or the other way round) in one statement.

CREATE TABLE campaign_config_version (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version    bigint  NOT NULL
);
INSERT INTO campaign_config_version (singleton, version) VALUES (true, 1);

CREATE FUNCTION campaign_config_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE campaign_config_version SET version = version + 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER campaigns_config_bump
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaigns
  FOR EACH STATEMENT EXECUTE FUNCTION campaign_config_bump();
CREATE TRIGGER campaign_limits_config_bump
  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaign_limits
  FOR EACH STATEMENT EXECUTE FUNCTION campaign_config_bump();

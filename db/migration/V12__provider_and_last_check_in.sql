-- What later HBI added to a host (hbi-later §0.4, §7.1, L3.1; decisions.md 11, 13, 14): the cloud provider a
-- reporter names (provider_type with its provider_id), when the host last checked in (last_check_in, set on every
-- ingest), and the derived system type and operating-system sort key the host list filters and orders by.
--
-- Every statement here changes the catalog only: a column added without a default is not written into the existing
-- rows (no table rewrite, no scan), so the exclusive lock on hosts lasts milliseconds whatever the size of the table.
-- Nothing is backfilled by guessing: a row written before this migration has no provider (none was ever accepted)
-- and no last_check_in until its next ingest; until then its last_check_in is taken to be its modified_on, which is
-- the last time it was ingested or edited (host_last_check_in, used alike by the output, the filters and the
-- ordering; io.hbi.inventory.host.Host#lastCheckInOrUpdated).
--
-- provider_id and provider_type are not canonical facts here: the 2020 dedup rules stay (decisions.md 11), so they
-- are neither in canonical_facts nor in its tokens.

ALTER TABLE hosts ADD COLUMN provider_id varchar(500);
ALTER TABLE hosts ADD COLUMN provider_type varchar(50);
ALTER TABLE hosts ADD COLUMN last_check_in timestamptz;

-- The check-in time of a host: its last_check_in, or for a row written before V12 its modified_on.
CREATE FUNCTION host_last_check_in(last_check_in timestamptz, modified_on timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(last_check_in, modified_on)
$$;

-- The system type of a host (hbi-later §7.1), derived from its system profile each time it is asked, so no stored
-- copy can drift from the profile: cluster when the profile's host_type is cluster, edge when it is edge, bootc when
-- bootc_status.booted.image_digest is a non-empty value, otherwise conventional. (Later HBI also says cluster for a
-- host with an openshift_cluster_id, a host attribute this service does not ingest.)
CREATE FUNCTION host_system_type(system_profile jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN system_profile ->> 'host_type' = 'cluster' THEN 'cluster'
        WHEN system_profile ->> 'host_type' = 'edge' THEN 'edge'
        WHEN coalesce(system_profile #>> '{bootc_status,booted,image_digest}', '') <> '' THEN 'bootc'
        ELSE 'conventional'
    END
$$;

-- The key order_by=operating_system sorts by (hbi-later §0.2): "name major.minor" with major and minor zero-padded
-- to 3 digits (lpad: longer numbers are cut to 3, as later HBI's SQL does), " 000.000" for a host without
-- operating_system; a missing name is empty and a missing major or minor 0, as later HBI's Python rendering has it.
CREATE FUNCTION host_os_sort_key(system_profile jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN jsonb_typeof(system_profile -> 'operating_system') = 'object' THEN
            coalesce(system_profile #>> '{operating_system,name}', '') || ' '
            || lpad(coalesce(system_profile #>> '{operating_system,major}', '0'), 3, '0') || '.'
            || lpad(coalesce(system_profile #>> '{operating_system,minor}', '0'), 3, '0')
        ELSE ' 000.000'
    END
$$;

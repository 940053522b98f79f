-- The filterable part of each host's system profile, inline on its row, and one GIN index on it (hbi-later §L2.6:
-- later HBI split its profiles into a narrow "static" part that filters read and found per-field indexes unused).
--
-- Why: a system profile filter must read the profile of every host of the tenant to count its total, and a profile
-- (4-70 KiB of JSON, mostly installed_packages) is stored compressed out of line (TOAST): at 1M hosts, one OS filter
-- on an account of 100k read 494,000 buffers, 4.8 s. profile_filterable is the profile without its top-level arrays
-- (the 17 array fields of the schema: packages, interfaces, repositories, services, processes, flags ...): a few
-- hundred bytes that stay on the row, uncompressed. Filters, facets, system_type, order_by=operating_system and
-- sparse fields of non-array fields read it; filters on an array field still read the whole profile
-- (io.hbi.inventory.store.ProfileConditions#column).
--
-- One mechanism keeps it right: a BEFORE trigger sets it from system_profile_facts on every insert and on every update
-- that sets either column, whoever writes it (a write of profile_filterable itself is overwritten), so the copy
-- cannot drift from the profile; an update that sets neither leaves both as they were, without reading the profile.
-- host_profile_filterable is the only definition of the copy.
--
-- Run outside a transaction (V14__profile_filterable.sql.conf): the backfill commits every batch, so no writer waits
-- for more than one batch's row locks, and the index is built CONCURRENTLY. Every statement can run again after a
-- failure (IF NOT EXISTS, OR REPLACE; the backfill skips rows already set; a failed CONCURRENTLY build leaves an
-- invalid index that must be dropped first, see README "Migrating to orgs at 1M hosts"). Measured at 1M hosts: 274 s,
-- no lock that stops writers, a writer's longest wait 398 ms (one batch).

ALTER TABLE hosts ADD COLUMN IF NOT EXISTS profile_filterable jsonb;
-- Kept on the row: a host row is larger than PostgreSQL's 2 KB threshold, and with the default storage (EXTENDED) the
-- copy was moved out of line like the profile itself (measured: 5 buffers read per matching host instead of 1).
-- MAIN compresses it if need be and moves it out of line only when the row would not fit in a page otherwise.
ALTER TABLE hosts ALTER COLUMN profile_filterable SET STORAGE MAIN;

CREATE OR REPLACE FUNCTION host_profile_filterable(system_profile jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT system_profile - '{network_interfaces,disk_devices,cpu_flags,kernel_modules,running_processes,
        public_ipv4_addresses,public_dns,yum_repos,dnf_modules,installed_products,installed_packages,
        installed_packages_delta,gpg_pubkeys,installed_services,enabled_services,sap_sids,
        rpm_ostree_deployments}'::text[]
$$;

CREATE OR REPLACE FUNCTION hosts_set_profile_filterable() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.profile_filterable := host_profile_filterable(NEW.system_profile_facts);
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS hosts_profile_filterable ON hosts;
CREATE TRIGGER hosts_profile_filterable BEFORE INSERT OR UPDATE OF system_profile_facts, profile_filterable ON hosts
    FOR EACH ROW EXECUTE FUNCTION hosts_set_profile_filterable();

-- The rows written before the trigger, in primary key order, 2,000 per transaction (the trigger computes the copy of
-- each row the UPDATE writes). Rows written meanwhile have their copy from the trigger; a row whose copy is set is
-- not written again. The last statement writes the rows after the last full batch (and any other row left without a
-- copy), so no row is left without one.
DO $$
DECLARE
    last_id uuid := '00000000-0000-0000-0000-000000000000';
    batch_end uuid;
BEGIN
    LOOP
        SELECT id INTO batch_end FROM hosts WHERE id > last_id ORDER BY id OFFSET 1999 LIMIT 1;
        EXIT WHEN batch_end IS NULL;
        UPDATE hosts SET profile_filterable = NULL
            WHERE id > last_id AND id <= batch_end AND profile_filterable IS NULL;
        last_id := batch_end;
        COMMIT;
    END LOOP;
END
$$;
UPDATE hosts SET profile_filterable = NULL WHERE profile_filterable IS NULL;

-- Containment-shaped profile filters (equality of strings, booleans, integers, OS name and version) of every
-- tenant: PostgreSQL combines it with the tenant's own index (BitmapAnd) or rechecks the tenant's rows.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_profile_filterable
    ON hosts USING gin (profile_filterable jsonb_path_ops);

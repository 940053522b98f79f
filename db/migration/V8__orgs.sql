-- Orgs (decisions.md 10): a host belongs to an org (org_id, today's callers) and may carry an account (2020 callers).
-- A host written by a 2020 caller has an account and no org until an org adopts it; one written by a today's caller
-- has its org and, when given, an account. Nothing is backfilled by guessing: the operator maps accounts to orgs
-- (`map-accounts`, README "Moving to orgs").
--
-- Every statement here changes the catalog only (no table rewrite, no scan), so the exclusive lock it takes on
-- hosts lasts milliseconds whatever the size of the table; the indexes an org-scoped query needs are built without
-- blocking writers in V9, and the constraint is checked against the existing rows in V10.

ALTER TABLE hosts ADD COLUMN org_id varchar(36);
ALTER TABLE hosts ALTER COLUMN account DROP NOT NULL;
ALTER TABLE hosts ADD CONSTRAINT hosts_org_or_account CHECK (org_id IS NOT NULL OR account IS NOT NULL) NOT VALID;

-- The canonical-fact tokens of a host carry its dedup scope (io.hbi.inventory.host.CanonicalFacts#scope): the org
-- when it has one ('org:' || org_id), else the account as before, so the tokens of every existing row stay valid.
CREATE FUNCTION host_dedup_scope(org_id text, account text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce('org:' || org_id, account)
$$;

CREATE OR REPLACE FUNCTION hosts_fill_canonical_fact_tokens() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.canonical_fact_tokens := canonical_fact_tokens(host_dedup_scope(NEW.org_id, NEW.account), NEW.canonical_facts);
    RETURN NEW;
END
$$;

-- An update that changes the canonical facts, the account or the org (an adoption) but not the tokens.
DROP TRIGGER hosts_canonical_fact_tokens_on_update ON hosts;
CREATE TRIGGER hosts_canonical_fact_tokens_on_update BEFORE UPDATE ON hosts
    FOR EACH ROW WHEN ((NEW.canonical_facts IS DISTINCT FROM OLD.canonical_facts
                        OR NEW.account IS DISTINCT FROM OLD.account
                        OR NEW.org_id IS DISTINCT FROM OLD.org_id)
        AND NEW.canonical_fact_tokens IS NOT DISTINCT FROM OLD.canonical_fact_tokens)
    EXECUTE FUNCTION hosts_fill_canonical_fact_tokens();

-- The tags filter of an org-scoped request, scoped by its own index as the account's is (V6): {org_id: tags}.
CREATE FUNCTION org_tags(org_id text, tags jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT jsonb_build_object(org_id, tags)
$$;

-- A System identity sees the hosts it owns (decisions.md 16): system_profile.owner_id equal to its certificate's CN,
-- both compared lower case without hyphens (io.hbi.inventory.selection.Tenant#ownerKey).
CREATE FUNCTION host_owner(system_profile jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT lower(replace(system_profile ->> 'owner_id', '-', ''))
$$;

-- The maintained counts (V3) per tenant: an org's hosts (tenant_kind 'o') and an account's hosts (tenant_kind 'a',
-- the rows that exist, as before). A host of an org that carries an account counts in both, as a today's caller of
-- the org and a 2020 caller of the account each see it.
ALTER TABLE host_counts RENAME COLUMN account TO tenant;
ALTER TABLE host_counts ALTER COLUMN tenant TYPE varchar(36);
ALTER TABLE host_counts ADD COLUMN tenant_kind char(1) NOT NULL DEFAULT 'a';
ALTER TABLE host_counts ALTER COLUMN tenant_kind DROP DEFAULT;
ALTER TABLE host_counts DROP CONSTRAINT host_counts_pkey;
ALTER TABLE host_counts ADD PRIMARY KEY (tenant_kind, tenant);

ALTER TABLE host_count_deltas RENAME COLUMN account TO tenant;
ALTER TABLE host_count_deltas ALTER COLUMN tenant TYPE varchar(36);
ALTER TABLE host_count_deltas ADD COLUMN tenant_kind char(1) NOT NULL DEFAULT 'a';
ALTER TABLE host_count_deltas ALTER COLUMN tenant_kind DROP DEFAULT;

ALTER TABLE host_tag_counts RENAME COLUMN account TO tenant;
ALTER TABLE host_tag_counts ALTER COLUMN tenant TYPE varchar(36);
ALTER TABLE host_tag_counts ADD COLUMN tenant_kind char(1) NOT NULL DEFAULT 'a';
ALTER TABLE host_tag_counts ALTER COLUMN tenant_kind DROP DEFAULT;
ALTER TABLE host_tag_counts DROP CONSTRAINT host_tag_counts_pkey;
ALTER TABLE host_tag_counts ADD PRIMARY KEY (tenant_kind, tenant, tag_digest);

ALTER TABLE host_tag_count_deltas RENAME COLUMN account TO tenant;
ALTER TABLE host_tag_count_deltas ALTER COLUMN tenant TYPE varchar(36);
ALTER TABLE host_tag_count_deltas ADD COLUMN tenant_kind char(1) NOT NULL DEFAULT 'a';
ALTER TABLE host_tag_count_deltas ALTER COLUMN tenant_kind DROP DEFAULT;

-- The tenants a host row counts under: its org and its account, each when present.
CREATE OR REPLACE FUNCTION record_host_count_deltas() RETURNS trigger
    LANGUAGE plpgsql
    SET jit = off
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        WITH changed AS (SELECT org_id, account, tags, 1 AS sign FROM inserted_hosts),
        keyed AS (
            SELECT k.kind, k.tenant, c.tags, c.sign FROM changed AS c
            CROSS JOIN LATERAL (VALUES ('o', c.org_id), ('a', c.account)) AS k(kind, tenant)
            WHERE k.tenant IS NOT NULL),
        counted AS (
            INSERT INTO host_count_deltas (tenant_kind, tenant, delta)
            SELECT kind, tenant, sum(sign) FROM keyed GROUP BY kind, tenant)
        INSERT INTO host_tag_count_deltas (tenant_kind, tenant, namespace, key, value, delta)
        SELECT c.kind, c.tenant, t.namespace, t.key, t.value, sum(c.sign)
        FROM keyed AS c CROSS JOIN LATERAL host_tag_rows(c.tags) AS t
        GROUP BY c.kind, c.tenant, t.namespace, t.key, t.value;
    ELSIF TG_OP = 'DELETE' THEN
        WITH changed AS (SELECT org_id, account, tags, -1 AS sign FROM deleted_hosts),
        keyed AS (
            SELECT k.kind, k.tenant, c.tags, c.sign FROM changed AS c
            CROSS JOIN LATERAL (VALUES ('o', c.org_id), ('a', c.account)) AS k(kind, tenant)
            WHERE k.tenant IS NOT NULL),
        counted AS (
            INSERT INTO host_count_deltas (tenant_kind, tenant, delta)
            SELECT kind, tenant, sum(sign) FROM keyed GROUP BY kind, tenant)
        INSERT INTO host_tag_count_deltas (tenant_kind, tenant, namespace, key, value, delta)
        SELECT c.kind, c.tenant, t.namespace, t.key, t.value, sum(c.sign)
        FROM keyed AS c CROSS JOIN LATERAL host_tag_rows(c.tags) AS t
        GROUP BY c.kind, c.tenant, t.namespace, t.key, t.value;
    ELSE
        -- only rows whose tenants or tags changed: a new version counts +1, an old one -1; what cancels out is dropped
        WITH changed AS (
            SELECT n.org_id, n.account, n.tags, 1 AS sign FROM new_hosts AS n
            WHERE NOT EXISTS (SELECT FROM old_hosts AS o
                              WHERE o.id = n.id AND o.account IS NOT DISTINCT FROM n.account
                                AND o.org_id IS NOT DISTINCT FROM n.org_id AND o.tags = n.tags)
            UNION ALL
            SELECT o.org_id, o.account, o.tags, -1 FROM old_hosts AS o
            WHERE NOT EXISTS (SELECT FROM new_hosts AS n
                              WHERE n.id = o.id AND n.account IS NOT DISTINCT FROM o.account
                                AND n.org_id IS NOT DISTINCT FROM o.org_id AND n.tags = o.tags)),
        keyed AS (
            SELECT k.kind, k.tenant, c.tags, c.sign FROM changed AS c
            CROSS JOIN LATERAL (VALUES ('o', c.org_id), ('a', c.account)) AS k(kind, tenant)
            WHERE k.tenant IS NOT NULL),
        counted AS (
            INSERT INTO host_count_deltas (tenant_kind, tenant, delta)
            SELECT kind, tenant, sum(sign) FROM keyed GROUP BY kind, tenant HAVING sum(sign) <> 0)
        INSERT INTO host_tag_count_deltas (tenant_kind, tenant, namespace, key, value, delta)
        SELECT c.kind, c.tenant, t.namespace, t.key, t.value, sum(c.sign)
        FROM keyed AS c CROSS JOIN LATERAL host_tag_rows(c.tags) AS t
        GROUP BY c.kind, c.tenant, t.namespace, t.key, t.value
        HAVING sum(c.sign) <> 0;
    END IF;
    RETURN NULL;
END
$$;

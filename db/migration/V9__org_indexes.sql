-- The indexes of org-scoped requests (decisions.md 10), the org-leading twins of the account ones (V1, V6), built
-- CONCURRENTLY: writers go on while each is built (Flyway runs this migration outside a transaction). They are
-- partial: the rows of 2020 hosts without an org are not in them, and cost nothing to write.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_modified_on_id ON hosts (org_id, modified_on DESC, id DESC)
    WHERE org_id IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_stale_timestamp ON hosts (org_id, stale_timestamp)
    WHERE org_id IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_display_name ON hosts (org_id, display_name, modified_on DESC, id DESC)
    WHERE org_id IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_insights_id ON hosts (org_id, (canonical_facts ->> 'insights_id'))
    WHERE org_id IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_subscription_manager_id
    ON hosts (org_id, (canonical_facts ->> 'subscription_manager_id')) WHERE org_id IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_fqdn ON hosts (org_id, (canonical_facts ->> 'fqdn'))
    WHERE org_id IS NOT NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_tags ON hosts USING gin (org_tags(org_id, tags) jsonb_path_ops)
    WHERE org_id IS NOT NULL;
-- A System identity's hosts (decisions.md 16): the org's hosts with its owner id.
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_owner ON hosts (org_id, host_owner(system_profile_facts))
    WHERE org_id IS NOT NULL AND host_owner(system_profile_facts) IS NOT NULL;
-- The orgs that adopted hosts of an account: a 2020 writer of the account dedups against them too, one index probe
-- per org (io.hbi.inventory.store.HostRepository#orgsOfAccounts).
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_account_org ON hosts (account, org_id)
    WHERE org_id IS NOT NULL AND account IS NOT NULL;

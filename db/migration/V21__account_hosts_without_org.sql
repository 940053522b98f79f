-- The 2020 hosts of an account that no org has adopted, one entry each (org_id IS NULL), in id order: whether an
-- account has any is one probe for its first (store/StalenessSettings.rulesOf). A 2020 account whose hosts are all in
-- orgs with alike staleness settings is then read by that one rule, its totals from the maintained counts; without
-- this index the probe read every host of the account (hosts_account_org holds only hosts with an org): 0.1-1.8 s at
-- 1M, on every request.
-- Built CONCURRENTLY: writers go on while it is built (Flyway runs this migration outside a transaction).
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_account_without_org ON hosts (account, id) WHERE org_id IS NULL;

-- order_by=last_check_in of GET /hosts, and its last_check_in_start/last_check_in_end range, for a tenant: the
-- account's and the org's twins of the updated and display_name orderings' indexes (V1, V9), on the check-in time of
-- V12 (host_last_check_in: last_check_in, or modified_on for a row not ingested since V12), with the tie-breakers of
-- every host ordering, so that a page of the default direction (DESC) is read off the index and stops after its rows
-- instead of sorting all of a large tenant's hosts. The account's index is not partial, so PostgreSQL keeps
-- statistics of the expression and estimates a range of it from the data (see V11); the org's is partial as V9's.
-- order_by=operating_system has no index: its key lies in the system profile (TOASTed), a rare ordering that reads
-- the tenant's profiles.
--
-- Built CONCURRENTLY: writers go on while each is built (Flyway runs this migration outside a transaction).
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_account_last_check_in
    ON hosts (account, host_last_check_in(last_check_in, modified_on) DESC, modified_on DESC, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_last_check_in
    ON hosts (org_id, host_last_check_in(last_check_in, modified_on) DESC, modified_on DESC, id DESC)
    WHERE org_id IS NOT NULL;

-- The org tags filter's index (V9's hosts_org_tags) without its partial predicate. PostgreSQL keeps no statistics
-- of a partial index's expression, so it estimated the selectivity of "org_tags(org_id, tags) @> ..." with a fixed
-- guess (1% of the table: 10,000 rows at 1M hosts where 2,000 match) and chose a parallel bitmap heap scan, which
-- costs more than it gains with 8 clients on 2 cores (measured at 1M hosts: 70 requests/s for an org against 121
-- for the account filtering the same hosts through V6's non-partial account_tags index). ANALYZE collects the
-- statistics of a non-partial index's expression, so the estimate follows the data as the account's does. Rows
-- without an org hold a NULL document, which costs the index one placeholder entry each.
-- Built CONCURRENTLY before the partial index is dropped (CONCURRENTLY too): writers go on, and the filter always
-- has an index (Flyway runs this migration outside a transaction).
CREATE INDEX CONCURRENTLY IF NOT EXISTS hosts_org_tags_all ON hosts USING gin (org_tags(org_id, tags) jsonb_path_ops);
DROP INDEX CONCURRENTLY IF EXISTS hosts_org_tags;

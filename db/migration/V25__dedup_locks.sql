-- The dedup's locks on elevated ids (HostRepository.lockCanonicalFacts): a writer locks one row per bucket of the
-- insights_id and subscription_manager_id values its hosts carry, so that two writers that could create or match the
-- same host wait for each other, however many hosts their batches hold. Row locks, unlike advisory locks, take no
-- entry of PostgreSQL's shared lock table while held. The rows are created on first use and mean nothing after a
-- crash (a lock does not outlive its transaction), hence UNLOGGED: locking them writes no WAL.
CREATE UNLOGGED TABLE dedup_locks (
    lock_key integer PRIMARY KEY
);

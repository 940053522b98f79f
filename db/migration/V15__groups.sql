-- Groups (decisions.md 12, hbi-later.md §L4): a group belongs to a tenant as a host does (decisions.md 10), to the org
-- of the today's caller that made it, or to the account of the 2020 caller that made it (no org); a host is in at most
-- one group. Nothing here reads or writes the rows of hosts: every statement changes the catalog or new, empty tables,
-- so the locks it takes on hosts (ACCESS EXCLUSIVE for the column, SHARE ROW EXCLUSIVE for the foreign key and the
-- triggers) last milliseconds whatever the size of the table, once the transactions that use hosts at that moment
-- have ended. The index of the members is built CONCURRENTLY in V16.

-- org_id and account as on hosts: an org's group has its org and no account, a 2020 caller's group its account and
-- no org. A tenant sees its groups exactly as it sees its hosts (io.hbi.inventory.store.TenantScope): an org those
-- with its org_id, a 2020 caller those with its account.
CREATE TABLE groups (
    id          uuid         PRIMARY KEY,
    org_id      varchar(36),
    account     varchar(10),
    name        varchar(255) NOT NULL,
    created_on  timestamptz  NOT NULL,
    modified_on timestamptz  NOT NULL,
    CONSTRAINT groups_org_or_account CHECK (org_id IS NOT NULL OR account IS NOT NULL)
);

-- Names are unique per org and per account, case-insensitively (decisions.md 12), so that a group_name filter names
-- one group of the tenant. Each index is also the one that lists a tenant's groups and finds them by name.
CREATE UNIQUE INDEX groups_org_name ON groups (org_id, lower(name)) WHERE org_id IS NOT NULL;
CREATE UNIQUE INDEX groups_account_name ON groups (account, lower(name)) WHERE account IS NOT NULL;

-- Membership is a column of the host: one value, so a host is in at most one group by the table's shape, and two
-- requests moving one host at the same moment write one row one after the other (its row lock). A deleted host takes
-- its membership with it. It is not a copy of anything: there is no membership table beside it to drift from. The
-- foreign key keeps it naming a group that exists (NOT VALID: the column is NULL in every row that exists, and rows
-- written from now on are checked); a group is emptied before it is deleted. Ingestion never writes it (the upsert
-- leaves it as it is).
ALTER TABLE hosts ADD COLUMN group_id uuid;
ALTER TABLE hosts ADD CONSTRAINT hosts_group_id_fkey FOREIGN KEY (group_id) REFERENCES groups (id) NOT VALID;

-- A group's hosts are all of its tenant (org and account): without being told, PostgreSQL takes "group_id = g AND
-- org_id = o" for independent conditions, expects a quarter of a group's hosts where all of them match, and picks a
-- bitmap of the whole group and a sort over reading the group's range of hosts_group_members (V16) in order. The
-- functional dependencies it collects from these statistics (at the next ANALYZE) give the group's own size.
CREATE STATISTICS hosts_group_tenant (dependencies) ON group_id, org_id, account FROM hosts;

-- The number of members of each group, kept as the host counts of V3 are: statement-level triggers on hosts append
-- each change of a host's group (a host joining, leaving, deleted) to an insert-only delta table (concurrent writers
-- share no row, so they neither wait for nor deadlock on each other), the host-count compaction folds them into
-- group_host_counts (io.hbi.inventory.store.HostCounts), and a reader adds both in one statement, so host_count is
-- exact whatever changes commit meanwhile. Culled members are subtracted by the reader
-- (io.hbi.inventory.store.GroupRepository).
CREATE TABLE group_host_counts (
    group_id uuid   PRIMARY KEY,
    count    bigint NOT NULL
);
CREATE INDEX group_host_counts_zero ON group_host_counts (group_id) WHERE count = 0;
CREATE TABLE group_host_count_deltas (
    group_id uuid   NOT NULL,
    delta    bigint NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);
CREATE INDEX group_host_count_deltas_group ON group_host_count_deltas (group_id);

-- An UPDATE that changes no host's group (every ingestion) records nothing: the first EXISTS finds no grouped row, or
-- the join finds no changed one.
CREATE FUNCTION record_group_host_count_deltas() RETURNS trigger
    LANGUAGE plpgsql
    SET jit = off
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO group_host_count_deltas (group_id, delta)
        SELECT group_id, count(*) FROM inserted_hosts WHERE group_id IS NOT NULL GROUP BY group_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO group_host_count_deltas (group_id, delta)
        SELECT group_id, -count(*) FROM deleted_hosts WHERE group_id IS NOT NULL GROUP BY group_id;
    ELSIF EXISTS (SELECT FROM new_hosts WHERE group_id IS NOT NULL)
          OR EXISTS (SELECT FROM old_hosts WHERE group_id IS NOT NULL) THEN
        INSERT INTO group_host_count_deltas (group_id, delta)
        SELECT group_id, sum(sign) FROM (
            SELECT n.group_id, 1 AS sign FROM new_hosts AS n JOIN old_hosts AS o USING (id)
            WHERE n.group_id IS NOT NULL AND n.group_id IS DISTINCT FROM o.group_id
            UNION ALL
            SELECT o.group_id, -1 FROM new_hosts AS n JOIN old_hosts AS o USING (id)
            WHERE o.group_id IS NOT NULL AND n.group_id IS DISTINCT FROM o.group_id) AS moved
        GROUP BY group_id HAVING sum(sign) <> 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER hosts_inserted_group_count AFTER INSERT ON hosts
    REFERENCING NEW TABLE AS inserted_hosts
    FOR EACH STATEMENT EXECUTE FUNCTION record_group_host_count_deltas();
CREATE TRIGGER hosts_updated_group_count AFTER UPDATE ON hosts
    REFERENCING OLD TABLE AS old_hosts NEW TABLE AS new_hosts
    FOR EACH STATEMENT EXECUTE FUNCTION record_group_host_count_deltas();
CREATE TRIGGER hosts_deleted_group_count AFTER DELETE ON hosts
    REFERENCING OLD TABLE AS deleted_hosts
    FOR EACH STATEMENT EXECUTE FUNCTION record_group_host_count_deltas();

-- TRUNCATE hosts empties the member counts with the hosts, as it empties the host counts (V3).
CREATE FUNCTION clear_group_host_counts() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM group_host_count_deltas;
    DELETE FROM group_host_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER hosts_truncated_group_count AFTER TRUNCATE ON hosts
    FOR EACH STATEMENT EXECUTE FUNCTION clear_group_host_counts();

-- The updated events of a rename, written after the rename committed, a batch of members per transaction
-- (io.hbi.inventory.groups.GroupEventFanout): the rename inserts (or restarts) its group's row in the same transaction;
-- each batch takes the members after after_host in host id order, writes their events with the group as it is then,
-- and moves after_host on; the last one deletes the row. A row left by a crash is taken up again by the timer of
-- routes/groups.camel.yaml. generation counts the restarts, so that a batch begun before a second rename commits
-- nothing. Deleting the group deletes its row.
CREATE TABLE group_event_fanouts (
    group_id   uuid        PRIMARY KEY REFERENCES groups (id) ON DELETE CASCADE,
    generation bigint      NOT NULL,
    after_host uuid,
    request_id text,
    touched_at timestamptz NOT NULL
);

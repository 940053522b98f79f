-- Groups (decisions.md 12, hbi-later.md §L4): a group belongs to a tenant as a host does (decisions.md 10), to the org
-- of the today's caller that made it, or to the account of the 2020 caller that made it (no org); a host is in at most
-- one group. Nothing here touches the rows of hosts: every statement changes the catalog or new, empty tables, so the
-- locks it takes on hosts (SHARE ROW EXCLUSIVE, for its triggers) last milliseconds whatever the size of the table,
-- after the transactions that use hosts at that moment have ended.

-- org_id and account as on hosts: an org's group has its org and no account, a 2020 caller's group its account and
-- no org; map-accounts gives an account's groups the org it maps the account to, as it does to its hosts. A tenant
-- sees its groups exactly as it sees its hosts (io.hbi.inventory.store.TenantScope): an org those with its org_id, a
-- 2020 caller those with its account.
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

-- Membership. The primary key on host_id is the one-group rule: a second group for a host is a conflict on its row,
-- which a move replaces (INSERT ... ON CONFLICT (host_id) DO UPDATE). There is no foreign key to hosts: that would
-- forbid TRUNCATE hosts (HostCountsIT relies on it); the triggers on hosts below remove a deleted host's membership in
-- the statement that deletes it. Every writer of a membership holds the host's row lock (SELECT ... FOR UPDATE), so
-- a host deleted meanwhile is either not found by it or waits for it and then loses its membership.
CREATE TABLE hosts_groups (
    host_id  uuid PRIMARY KEY,
    group_id uuid NOT NULL REFERENCES groups (id)
);
-- the members of a group: the group filters of GET /hosts, GET /groups/{id}/hosts, and the batches of a rename's events
-- and of a group's deletion, in host id order
CREATE INDEX hosts_groups_group ON hosts_groups (group_id, host_id);

-- The number of members of each group, kept as the host counts of V3 are: statement-level triggers on hosts_groups
-- append each change to an insert-only delta table (concurrent writers share no row, so they neither wait for nor
-- deadlock on each other), the host-count compaction folds them into group_host_counts
-- (io.hbi.inventory.store.HostCounts), and a reader adds both in one statement, so host_count is exact whatever
-- changes commit meanwhile. Culled members are subtracted by the reader (io.hbi.inventory.store.GroupRepository).
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

CREATE FUNCTION record_group_host_count_deltas() RETURNS trigger
    LANGUAGE plpgsql
    SET jit = off
AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO group_host_count_deltas (group_id, delta)
        SELECT group_id, count(*) FROM added_members GROUP BY group_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO group_host_count_deltas (group_id, delta)
        SELECT group_id, -count(*) FROM removed_members GROUP BY group_id;
    ELSE
        INSERT INTO group_host_count_deltas (group_id, delta)
        SELECT group_id, sum(sign) FROM (
            SELECT n.group_id, 1 AS sign FROM new_members AS n JOIN old_members AS o USING (host_id)
            WHERE n.group_id <> o.group_id
            UNION ALL
            SELECT o.group_id, -1 FROM new_members AS n JOIN old_members AS o USING (host_id)
            WHERE n.group_id <> o.group_id) AS moved
        GROUP BY group_id HAVING sum(sign) <> 0;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER hosts_groups_inserted_count AFTER INSERT ON hosts_groups
    REFERENCING NEW TABLE AS added_members
    FOR EACH STATEMENT EXECUTE FUNCTION record_group_host_count_deltas();
CREATE TRIGGER hosts_groups_updated_count AFTER UPDATE ON hosts_groups
    REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members
    FOR EACH STATEMENT EXECUTE FUNCTION record_group_host_count_deltas();
CREATE TRIGGER hosts_groups_deleted_count AFTER DELETE ON hosts_groups
    REFERENCING OLD TABLE AS removed_members
    FOR EACH STATEMENT EXECUTE FUNCTION record_group_host_count_deltas();

-- A deleted host leaves its group in the statement that deletes it (REST DELETE, the reaper, any other DELETE), and
-- TRUNCATE hosts empties the memberships and their counts as it empties the host counts (V3).
CREATE FUNCTION hosts_deleted_leave_groups() RETURNS trigger
    LANGUAGE plpgsql
    SET jit = off
AS $$
BEGIN
    DELETE FROM hosts_groups WHERE host_id IN (SELECT id FROM deleted_hosts);
    RETURN NULL;
END
$$;

CREATE FUNCTION hosts_truncated_leave_groups() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM hosts_groups;
    DELETE FROM group_host_count_deltas;
    DELETE FROM group_host_counts;
    RETURN NULL;
END
$$;

CREATE TRIGGER hosts_deleted_groups AFTER DELETE ON hosts
    REFERENCING OLD TABLE AS deleted_hosts
    FOR EACH STATEMENT EXECUTE FUNCTION hosts_deleted_leave_groups();
CREATE TRIGGER hosts_truncated_groups AFTER TRUNCATE ON hosts
    FOR EACH STATEMENT EXECUTE FUNCTION hosts_truncated_leave_groups();

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

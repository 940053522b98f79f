-- Staleness per org (decisions.md 13, hbi-later §L3): an org may save its own staleness setting; its hosts are then
-- stale, stale_warning and culled that many seconds after their last check-in, computed when read (nothing derived is
-- stored, so a change of the setting applies to every host at once, on every instance, without rewriting a row). An
-- org without a row keeps the 2020 rules (the reporter's stale_timestamp and the CULLING_*_OFFSET_DAYS offsets).
--
-- Every statement here changes the catalog only or writes new, small tables: the column added to hosts has no default,
-- so no row is rewritten and the exclusive lock on hosts lasts milliseconds whatever the size of the table.

-- One row per org that saved a setting (io.hbi.inventory.store.StalenessSettings). Every read of hosts reads its
-- tenant's row in the same transaction (no cache: a change is seen by the next request of every instance). The seconds
-- are checked here too, so that no writer can store a setting the API would refuse.
CREATE TABLE staleness (
    id                                 uuid        PRIMARY KEY,
    org_id                             varchar(36) NOT NULL UNIQUE,
    conventional_time_to_stale         integer     NOT NULL,
    conventional_time_to_stale_warning integer     NOT NULL,
    conventional_time_to_delete        integer     NOT NULL,
    created_on                         timestamptz NOT NULL,
    modified_on                        timestamptz NOT NULL,
    CONSTRAINT staleness_seconds_in_range CHECK (conventional_time_to_stale BETWEEN 1 AND 604800
        AND conventional_time_to_stale_warning BETWEEN 1 AND 15552000
        AND conventional_time_to_delete BETWEEN 1 AND 63072000),
    CONSTRAINT staleness_seconds_increase CHECK (conventional_time_to_stale < conventional_time_to_stale_warning
        AND conventional_time_to_stale_warning < conventional_time_to_delete)
);

-- Each reporter's own last check-in and the stale_timestamp it sent (hbi-later §L3.3, the registered_with filter of
-- §0.4): {"puptoo": {"last_check_in": "...", "stale_timestamp": "..."}}, written on every ingest and check-in. NULL for
-- a row not ingested since this migration: its one reporter (the reporter column) checked in at the host's check-in.
ALTER TABLE hosts ADD COLUMN per_reporter_staleness jsonb;

-- How far the stale detector has got (hbi-later §L5, system-became-stale): every host of an org with a setting whose
-- last_check_in + conventional_time_to_stale is at or before detected_up_to has had its notification written to the
-- outbox, in the transaction that moved this mark. One row; the detector of one instance at a time holds it
-- (io.hbi.inventory.store.StaleDetection). It starts at the migration: a host that turned stale before the service
-- could notify is not announced late.
CREATE TABLE stale_detection (
    id             integer     PRIMARY KEY CHECK (id = 1),
    detected_up_to timestamptz NOT NULL
);
INSERT INTO stale_detection (id, detected_up_to) VALUES (1, now());

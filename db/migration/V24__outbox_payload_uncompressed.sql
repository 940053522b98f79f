-- An outbox payload lives for about a second: written with its change, read once by the relay, deleted. Compressing
-- it (pglz, the only method of this PostgreSQL build) cost more CPU on the write and the read than its bytes cost.
ALTER TABLE event_outbox ALTER COLUMN payload SET STORAGE EXTERNAL;

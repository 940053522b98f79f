-- The transactional outbox (decisions.md 8). An event is inserted in the same transaction as the change it
-- describes; the relay reads committed events oldest first (the primary key), publishes them to Kafka and
-- deletes them once the broker has acknowledged them. Events of one host are written by transactions that
-- hold that host's row lock, so their ids follow the order in which the changes committed.
CREATE TABLE event_outbox (
    id          bigserial   PRIMARY KEY,
    topic       text        NOT NULL,
    message_key text,
    headers     jsonb       NOT NULL DEFAULT '{}',
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One outbox row per change, with every topic its event goes to (an MQ create/update goes to the egress and the
-- events topic with the same payload): half the rows and bytes the relay writes, reads and deletes for MQ hosts.
-- The relay publishes a row's event to its topics in order.
ALTER TABLE event_outbox ADD COLUMN topics text[];
UPDATE event_outbox SET topics = ARRAY[topic];
ALTER TABLE event_outbox ALTER COLUMN topics SET NOT NULL;
ALTER TABLE event_outbox DROP COLUMN topic;

package io.hbi.inventory.camel;

import io.hbi.inventory.events.OutboxRelay;
import io.hbi.inventory.store.OutboxEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * The Kafka records of the events the outbox relay claimed, in the order of the outbox, one record per event with its
 * key and headers: for the {@code inventory-event-sink} kamelet each names its own topic; for the
 * {@code inventory-notification-sink} kamelet none does, so the kamelet's topic (or an integration's route) decides.
 */
public final class EventRecords {

    /** Every claimed event, each to its own topic. */
    public List<Message> of(Exchange exchange, OutboxRelay.Claim claim) {
        return of(exchange, claim.getEvents());
    }

    /** These events, each to its own topic. */
    public List<Message> of(Exchange exchange, List<OutboxEvent> events) {
        return records(exchange, events, true);
    }

    /** These notifications, to the topic of the sink they are handed to. */
    public List<Message> notifications(Exchange exchange, List<OutboxEvent> notifications) {
        return records(exchange, notifications, false);
    }

    private static List<Message> records(Exchange exchange, List<OutboxEvent> events, boolean ownTopic) {
        List<Message> records = new ArrayList<>(events.size());
        for (OutboxEvent event : events) {
            Message record = new DefaultMessage(exchange);
            record.setBody(event.payload());
            if (ownTopic) {
                record.setHeader(KafkaConstants.OVERRIDE_TOPIC, event.topic());
            }
            record.setHeader(KafkaConstants.KEY, event.key());
            event.headers().forEach(record::setHeader);
            records.add(record);
        }
        return records;
    }
}

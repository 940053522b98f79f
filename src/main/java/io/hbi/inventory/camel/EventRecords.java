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
 * The Kafka records of the events the outbox relay claimed, for the {@code inventory-event-sink} kamelet: one record
 * per event, with its own topic, key and headers, in the order of the outbox.
 */
public final class EventRecords {

    public List<Message> of(Exchange exchange, OutboxRelay.Claim claim) {
        List<Message> records = new ArrayList<>(claim.getEvents().size());
        for (OutboxEvent event : claim.getEvents()) {
            Message record = new DefaultMessage(exchange);
            record.setBody(event.payload());
            record.setHeader(KafkaConstants.OVERRIDE_TOPIC, event.topic());
            record.setHeader(KafkaConstants.KEY, event.key());
            event.headers().forEach(record::setHeader);
            records.add(record);
        }
        return records;
    }
}

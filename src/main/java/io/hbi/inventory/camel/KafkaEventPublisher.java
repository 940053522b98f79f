package io.hbi.inventory.camel;

import io.hbi.inventory.store.OutboxEvent;
import io.hbi.inventory.store.OutboxRelay;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * Adapter from the outbox relay to the {@code direct:publish-events} route (and its event-sink kamelet): one Kafka
 * record per event, with its own topic, key and headers, sent as one batch and acknowledged before returning.
 */
public final class KafkaEventPublisher implements OutboxRelay.Publisher {

    private final ProducerTemplate template;
    private final String endpoint;

    public KafkaEventPublisher(ProducerTemplate template, String endpoint) {
        this.template = template;
        this.endpoint = endpoint;
    }

    @Override
    public void publish(List<OutboxEvent> events) throws Exception {
        Exchange result = template.send(endpoint, exchange -> {
            List<Message> records = new ArrayList<>(events.size());
            for (OutboxEvent event : events) {
                Message record = new DefaultMessage(exchange);
                record.setBody(event.payload());
                record.setHeader(KafkaConstants.OVERRIDE_TOPIC, event.topic());
                record.setHeader(KafkaConstants.KEY, event.key());
                event.headers().forEach(record::setHeader);
                records.add(record);
            }
            exchange.getIn().setBody(records);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }
}

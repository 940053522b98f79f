package io.hbi.inventory.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.hbi.inventory.support.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code kamelets/inventory-host-events-source.kamelet.yaml}, used the way another integration uses it: YAML routes
 * that consume a real topic of the suite's broker, to which host event records are written with their
 * {@code event_type} header, in one partition and in order.
 */
class HostEventsSourceKameletIT extends CamelTestSupport {

    private final String bootstrapServers = TestInfrastructure.get().kafka().bootstrapServers();
    private final String topic = "host-events-source." + ProcessHandle.current().pid() + "." + System.nanoTime();

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseRouteBuilder(false);
    }

    @Test
    void passesOnlyTheListedEventTypesAndEveryTypeByDefault() throws Exception {
        TestInfrastructure.get().createTopics(List.of(topic));
        context.getComponent("kamelet", KameletComponent.class)
                .setLocation("file:" + Path.of("kamelets").toAbsolutePath());
        String routes = """
                - route:
                    id: creates-and-deletes
                    from:
                      uri: "kamelet:inventory-host-events-source"
                      parameters:
                        bootstrapServers: "%1$s"
                        topic: "%2$s"
                        groupId: creates-and-deletes
                        eventTypes: "delete, created"
                        autoOffsetReset: earliest
                      steps:
                        - to: mock:chosen
                - route:
                    id: every-event
                    from:
                      uri: "kamelet:inventory-host-events-source"
                      parameters:
                        bootstrapServers: "%1$s"
                        topic: "%2$s"
                        groupId: every-event
                        autoOffsetReset: earliest
                      steps:
                        - to: mock:all
                """.formatted(bootstrapServers, topic);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("taps.camel.yaml", routes));
        context.start();

        MockEndpoint chosen = getMockEndpoint("mock:chosen");
        chosen.expectedBodiesReceived(event("created", "h1"), event("created", "h2"), event("delete", "h1"),
                event("created", "h3"));
        MockEndpoint all = getMockEndpoint("mock:all");
        all.expectedBodiesReceived(event("created", "h1"), event("updated", "h1"), event("created", "h2"),
                event("delete", "h1"), event("updated", "h2"), event("created", "h3"));

        // one partition, in this order: when the last record (wanted by both routes) has arrived, every record
        // before it has been read, so a record that should have been dropped would have been received
        publish(List.of(record("created", "h1"), record("updated", "h1"), record("created", "h2"),
                record("delete", "h1"), record("updated", "h2"), record(null, "h9"), record("created", "h3")));

        MockEndpoint.assertIsSatisfied(60, TimeUnit.SECONDS, chosen, all);
        Exchange delete = chosen.getReceivedExchanges().get(2);
        assertThat(delete.getMessage().getBody()).isInstanceOf(String.class);
        assertThat(delete.getMessage().getHeader("event_type")).isEqualTo("delete");
        assertThat(delete.getMessage().getHeader(KafkaConstants.KEY)).isEqualTo("h1");
    }

    private static String event(String type, String hostId) {
        return type.equals("delete") ? "{\"type\": \"delete\", \"id\": \"" + hostId + "\"}"
                : "{\"type\": \"" + type + "\", \"host\": {\"id\": \"" + hostId + "\"}}";
    }

    /** An event record as the service writes it: key = host id, header {@code event_type}; none when type is null. */
    private ProducerRecord<String, String> record(String type, String hostId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, hostId,
                event(type == null ? "created" : type, hostId));
        if (type != null) {
            record.headers().add("event_type", type.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private void publish(List<ProducerRecord<String, String>> records) throws InterruptedException, ExecutionException {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            List<Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        }
    }
}

package io.hbi.inventory.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.config.Settings;
import io.hbi.inventory.config.StartupException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A developer's tool: wraps a host in an {@code add_host} message, sends it to the ingress topic and prints the
 * event the service answers with on the events topic (or says that none came within 30 s).
 */
public final class AddHostMessage {

    private AddHostMessage() {
    }

    public static void run(Settings settings, String hostJson) {
        ObjectMapper json = new ObjectMapper();
        JsonNode host;
        try {
            host = json.readTree(hostJson);
        } catch (IOException e) {
            throw new StartupException("The host is not valid JSON: " + e.getMessage());
        }
        String requestId = UUID.randomUUID().toString();
        ObjectNode message = json.createObjectNode().put("operation", "add_host");
        message.putObject("platform_metadata").put("request_id", requestId);
        message.set("data", host);

        String bootstrap = settings.get("inventory.kafka.bootstrap-servers");
        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "add-host-message-" + requestId);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig);
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            consumer.subscribe(List.of(settings.get("inventory.kafka.event-topic")));
            long deadline = System.currentTimeMillis() + 10_000;
            while (consumer.assignment().isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            producer.send(new ProducerRecord<>(settings.get("inventory.kafka.ingress-topic"), message.toString())).get();
            System.out.println("sent    " + message);
            deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && record.value().contains(requestId)) {
                        System.out.println("event   key=" + record.key() + " event_type="
                                + new String(record.headers().lastHeader("event_type").value()));
                        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(
                                json.readTree(record.value())));
                        return;
                    }
                }
            }
            System.out.println("no event within 30 s: was the host valid? (see the service's log)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new StartupException("Could not send the message: " + e.getMessage());
        }
    }
}

package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InflightBytesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void batchesThatFitTogetherRunTogetherAndALargerOneWaitsToRunAlone() throws Exception {
        InflightBytes bound = new InflightBytes(16 * 1024 * 1024);
        InflightBytes.Share first = bound.acquire(2_000_000);
        InflightBytes.Share second = bound.acquire(2_000_000);

        CompletableFuture<InflightBytes.Share> large = CompletableFuture.supplyAsync(() -> bound.acquire(18_000_000));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !large.isDone());
        first.close();
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !large.isDone());
        second.close();
        InflightBytes.Share alone = large.get(5, TimeUnit.SECONDS);

        // first come, first served: a small batch arriving now waits behind the large one
        CompletableFuture<InflightBytes.Share> small = CompletableFuture.supplyAsync(() -> bound.acquire(1_000));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !small.isDone());
        alone.close();
        small.get(5, TimeUnit.SECONDS).close();
    }

    @Test
    void theSizeOfHostsIsAboutTheLengthOfTheirJson() throws Exception {
        StringBuilder packages = new StringBuilder();
        for (int n = 0; n < 1000; n++) {
            packages.append(n == 0 ? "" : ",").append("\"package-").append(n).append("-1.0.0-1.el9.x86_64\"");
        }
        String text = "{\"fqdn\": \"a.example.com\", \"system_profile\": {\"number_of_cpus\": 4,"
                + " \"installed_packages\": [" + packages + "]}}";
        JsonNode host = JSON.readTree(text);

        long size = InflightBytes.sizeOf(JSON.createArrayNode().add(host).add(host));

        assertThat(size).isBetween(2L * text.length() * 9 / 10, 2L * text.length() * 11 / 10);
    }
}

package io.hbi.inventory.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hbi.inventory.config.Settings;
import io.hbi.inventory.support.Identities;
import io.hbi.inventory.support.JarProcess;
import io.hbi.inventory.support.TestInfrastructure;
import io.hbi.inventory.support.TopicWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When PostgreSQL refuses a host's data, the service's output (the packaged jar's logs, as in production) names the
 * failure but none of the host's values: not the bound parameters the driver would put into its exception
 * messages, not the server's DETAIL. The refusal carries the host's values in its DETAIL on purpose.
 */
class NoHostDataInLogsIT {

    static final String IP = "10.254.253.252";
    static final String FACT = "fact-value-7f3a9c";

    @Test
    void aRefusedHostsValuesNeverReachTheLogs() throws Exception {
        Settings settings = TestInfrastructure.settings(Map.of());
        Map<String, String> env = AddHostMessages.environment(settings);
        String jdbc = "jdbc:postgresql://localhost:" + settings.get("inventory.db.port") + "/"
                + settings.get("inventory.db.name");
        String url = "http://localhost:" + settings.get("inventory.listen-port") + settings.apiPrefix() + "/hosts";
        HttpClient http = HttpClient.newHttpClient();
        try (JarProcess service = JarProcess.start(env);
             TopicWriter writer = new TopicWriter(settings.get("inventory.kafka.bootstrap-servers"))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + settings.get("inventory.listen-port") + settings.managementPrefix() + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            execute(jdbc, "CREATE FUNCTION refuse_host() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.canonical_facts -> 'ip_addresses' ? '" + IP + "' THEN RAISE EXCEPTION 'refused'"
                    + " USING ERRCODE = '22023', DETAIL = NEW.canonical_facts::text || NEW.facts::text; END IF;"
                    + " RETURN NEW; END $$");
            execute(jdbc, "CREATE TRIGGER refuse_host BEFORE INSERT ON hosts FOR EACH ROW EXECUTE FUNCTION refuse_host()");

            writer.sendTogether(settings.get("inventory.kafka.ingress-topic"), 0, List.of(
                    message(host("0000991", "refused-by-kafka", IP)),
                    message(host("0000991", "neighbour-by-kafka", "10.1.1.1"))));
            HttpResponse<String> rest = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("x-rh-identity", Identities.of("0000991"))
                    .POST(HttpRequest.BodyPublishers.ofString("[" + host("0000991", "refused-by-rest", IP) + ","
                            + host("0000991", "neighbour-by-rest", "10.1.1.2") + "]")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(rest.statusCode()).isEqualTo(207);
            assertThat(rest.body()).contains("\"status\":500").contains("\"status\":201");
            await().atMost(Duration.ofSeconds(60)).until(() -> count(jdbc,
                    "SELECT count(*) FROM hosts WHERE display_name LIKE 'neighbour-by-%'") == 2);
            // both refusals were logged (and so had the chance to leak)
            await().atMost(Duration.ofSeconds(30)).until(() -> service.stdout().split("could not be stored", -1)
                    .length - 1 >= 2);
            String output = service.stdout() + service.stderr();
            assertThat(output).contains("SQLSTATE 22023").doesNotContain(IP).doesNotContain(FACT);
        }
    }

    static String host(String account, String name, String ip) {
        return "{\"account\": \"" + account + "\", \"display_name\": \"" + name + "\", \"fqdn\": \"" + name
                + ".example.com\", \"ip_addresses\": [\"" + ip + "\"], \"stale_timestamp\": \"2099-01-01T00:00:00+00:00\","
                + " \"reporter\": \"puptoo\", \"facts\": [{\"namespace\": \"ns\", \"facts\": {\"secret\": \"" + FACT
                + "\"}}]}";
    }

    static byte[] message(String host) {
        return ("{\"operation\": \"add_host\", \"data\": " + host + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static void execute(String jdbc, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbc, "insights", "insights");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(String jdbc, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbc, "insights", "insights");
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

package io.hbi.inventory.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hbi.inventory.support.Identities;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Today's messages on the Kafka door (hbi-later §L1.5, decisions.md 10 and 16): a message whose {@code data} carries
 * an {@code org_id} is ingested as the org of its {@code platform_metadata.b64_identity}, which must be there (but for
 * the subscription reporters) and name that org; otherwise its host is refused as a validation error — payload
 * tracker {@code processing_error}/{@code error}, counted, no event — and the messages around it are stored. Dedup
 * stays within each tenancy, and an org's write adopts its account's hosts that have no org.
 */
class KafkaTodaysMessagesIT extends KafkaIngestTestSupport {

    static final String CN = "1B36B20F-7FA0-4454-A6D2-008294E06378";

    static String newOrg() {
        return "org-" + ThreadLocalRandom.current().nextInt(1_000_000_000);
    }

    static String identity(String org, String type) {
        String typed = switch (type) {
            case "User" -> "\"auth_type\": \"jwt-auth\", \"user\": {\"username\": \"jdoe\"}";
            case "System" -> "\"auth_type\": \"cert-auth\", \"system\": {\"cert_type\": \"system\", \"cn\": \"" + CN
                    + "\"}";
            default -> "\"auth_type\": \"jwt-auth\"";
        };
        return Identities.encode("{\"identity\": {\"org_id\": \"" + org + "\", \"type\": \"" + type + "\", " + typed
                + ", \"internal\": {\"org_id\": \"" + org + "\"}}}");
    }

    static ObjectNode orgHost(String org) {
        ObjectNode host = host("x");
        host.remove("account");
        return host.put("org_id", org).put("fqdn", "host-" + uuid() + ".example.com");
    }

    static ObjectNode metadata(String requestId, String b64Identity) {
        ObjectNode metadata = JSON.createObjectNode().put("request_id", requestId);
        if (b64Identity != null) {
            metadata.put("b64_identity", b64Identity);
        }
        return metadata;
    }

    /** The created/updated event of the message with this request id. */
    JsonNode stored(String requestId) {
        return eventOf(events, requestId).requireJson();
    }

    void assertRefused(String requestId, String detail) {
        List<JsonNode> messages = trackerMessages(requestId, 4);
        assertThat(messages).extracting(m -> m.get("status").asText())
                .containsExactly("received", "processing", "processing_error", "error");
        assertThat(messages.get(2).get("status_msg").asText()).contains(detail);
        assertThat(requestIdsOf(events.seen())).as("no event for a refused host").doesNotContain(requestId);
    }

    @Test
    void anOrgsHostIsStoredInItsOrgWithoutAnAccountAndItsEventsSayWhoseItIs() {
        String org = newOrg();
        String requestId = uuid();
        sendRaw(envelope(orgHost(org), metadata(requestId, identity(org, "User"))));
        JsonNode event = stored(requestId);
        assertThat(event.at("/host/org_id").asText()).isEqualTo(org);
        assertThat(event.at("/host/account").isNull()).isTrue();
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE org_id = ? AND account IS NULL", org))
                .isEqualTo(1);
        assertThat(eventOf(egress, requestId).requireJson().at("/host/org_id").asText()).isEqualTo(org);
    }

    @Test
    void aTodaysMessageWithoutAnIdentityOrWithAnotherOrgsOrAnInvalidOneIsRefusedAndItsNeighboursAreStored() {
        String org = newOrg();
        String reporter = "it-orgs-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String failures = "inventory_ingress_add_host_failures_total{cause=\"InventoryException\",reporter=\""
                + reporter + "\"}";
        String noIdentity = uuid();
        String noMetadata = uuid();
        String otherOrg = uuid();
        String invalid = uuid();
        String good = uuid();
        ObjectNode bare = JSON.createObjectNode().put("operation", "add_host");
        bare.set("data", orgHost(org).put("reporter", reporter));
        sendRaw(envelope(orgHost(org).put("reporter", reporter), metadata(noIdentity, null)),
                bytes(bare),
                envelope(orgHost(org).put("reporter", reporter), metadata(otherOrg, identity(newOrg(), "User"))),
                envelope(orgHost(org).put("reporter", reporter), metadata(invalid,
                        Identities.encode("{\"identity\": {\"org_id\": \"" + org + "\", \"type\": \"Robot\"}}"))),
                envelope(orgHost(org).put("reporter", reporter), metadata(good, identity(org, "User"))));
        stored(good);
        assertRefused(noIdentity, "platform_metadata.b64_identity is mandatory");
        assertRefused(otherOrg, "The org_id in the identity does not match the org_id in the host.");
        assertRefused(invalid, "platform_metadata.b64_identity");
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE org_id = ?", org)).isEqualTo(1);
        // the message without platform_metadata has no request id, so it has no tracker messages: it is counted
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service.metric(failures)).isEqualTo(4));
    }

    @Test
    void aSubscriptionReporterWithoutAnIdentityWritesAsTheSubscriptionsSystemWhichOwnsTheHost() {
        String org = newOrg();
        String requestId = uuid();
        String subscription = "7D2C1E33F2B54A0B9E6C0B1E2D3F4A5B";
        sendRaw(envelope(orgHost(org).put("reporter", "rhsm-conduit").put("subscription_manager_id", subscription),
                metadata(requestId, null)));
        JsonNode event = stored(requestId);
        assertThat(event.at("/host/org_id").asText()).isEqualTo(org);
        assertThat(event.at("/host/system_profile/owner_id").asText())
                .isEqualTo("7d2c1e33-f2b5-4a0b-9e6c-0b1e2d3f4a5b");
    }

    @Test
    void aSystemIdentityOwnsTheHostsItWritesAndMayNotWriteAnotherOwners() {
        String org = newOrg();
        String owned = uuid();
        String others = uuid();
        ObjectNode foreign = orgHost(org);
        foreign.putObject("system_profile").put("owner_id", "a5e2f3c4-1111-4222-8333-944455556666");
        sendRaw(envelope(foreign, metadata(others, identity(org, "System"))),
                envelope(orgHost(org), metadata(owned, identity(org, "System"))));
        assertThat(stored(owned).at("/host/system_profile/owner_id").asText()).isEqualTo(CN.toLowerCase());
        assertRefused(others, "The owner in host does not match the owner in identity");
    }

    @Test
    void anOrgAdoptsItsAccountsOrglessHostAndTheAccountsTwentyTwentyWritesStillFindIt() {
        String account = newAccount();
        String org = newOrg();
        String fqdn = "adopted-" + uuid() + ".example.com";
        String created = stored(ingestAllIds(host(account).put("fqdn", fqdn))).at("/host/id").asText();

        JsonNode adopted = stored(sendAsUser(org, orgHost(org).put("fqdn", fqdn).put("account", account)));
        assertThat(adopted.get("type").asText()).isEqualTo("updated");
        assertThat(adopted.at("/host/id").asText()).isEqualTo(created);
        assertThat(adopted.at("/host/org_id").asText()).isEqualTo(org);
        assertThat(adopted.at("/host/account").asText()).isEqualTo(account);

        // the account's 2020 writer finds the host in its org's scope, by the fqdn alone
        JsonNode again = stored(ingestAllIds(host(account).put("fqdn", fqdn)));
        assertThat(again.get("type").asText()).isEqualTo("updated");
        assertThat(again.at("/host/id").asText()).isEqualTo(created);
        assertThat(again.at("/host/org_id").asText()).isEqualTo(org);

        // another org with the same host and the same account number is another tenant: a host of its own
        String otherOrg = newOrg();
        JsonNode theirs = stored(sendAsUser(otherOrg, orgHost(otherOrg).put("fqdn", fqdn).put("account", account)));
        assertThat(theirs.get("type").asText()).isEqualTo("created");
        assertThat(theirs.at("/host/id").asText()).isNotEqualTo(created);
        assertThat(service.queryLong("SELECT count(*) FROM hosts WHERE canonical_facts ->> 'fqdn' = ?", fqdn))
                .isEqualTo(2);
    }

    @Test
    void twoOrgsWithIdenticalHostsInOneBatchEachGetTheirOwn() {
        String first = newOrg();
        String second = newOrg();
        String fqdn = "twin-" + uuid() + ".example.com";
        String a = uuid();
        String b = uuid();
        String c = uuid();
        sendRaw(envelope(orgHost(first).put("fqdn", fqdn), metadata(a, identity(first, "User"))),
                envelope(orgHost(second).put("fqdn", fqdn), metadata(b, identity(second, "User"))),
                envelope(orgHost(first).put("fqdn", fqdn), metadata(c, identity(first, "User"))));
        String firstId = stored(a).at("/host/id").asText();
        assertThat(stored(b).at("/host/id").asText()).isNotEqualTo(firstId);
        assertThat(stored(c).at("/host/id").asText()).isEqualTo(firstId);
        assertThat(stored(c).get("type").asText()).isEqualTo("updated");
    }

    /** Sends one today's message of a User of the org and answers its request id. */
    String sendAsUser(String org, ObjectNode data) {
        String requestId = uuid();
        sendRaw(envelope(data, metadata(requestId, identity(org, "User"))));
        return requestId;
    }

    /** Sends one 2020 message and answers its request id. */
    String ingestAllIds(ObjectNode data) {
        String requestId = uuid();
        sendRaw(envelope(data, requestId));
        return requestId;
    }
}

package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The hosts of the benchmark, one per number {@code n}: every canonical fact, 2 fact namespaces, 4–6 tags, a system
 * profile with cpu/memory/os fields, 2 network interfaces, 3 yum repos and 50 installed packages. The same number
 * always gives the same canonical facts (so a second message with it is an update of the same host); {@code
 * variant} changes the facts, one tag and the profile's boot time, as a real re-report does.
 */
final class BenchHosts {

    private static final String[] ENVIRONMENTS = {"prod", "stage", "dev", "qa"};
    private static final String[] ROLES = {"web", "db", "cache"};
    private static final String[] PACKAGES = {"kernel", "glibc", "openssl", "bash", "systemd", "python3", "curl",
            "openssh-server", "sudo", "coreutils", "dnf", "rpm", "yum-utils", "insights-client", "rhc", "podman",
            "NetworkManager", "firewalld", "chrony", "audit", "polkit", "dbus", "libselinux", "selinux-policy",
            "tar", "gzip", "xz", "zlib", "libxml2", "krb5-libs", "nss", "ca-certificates", "tzdata", "vim-minimal",
            "less", "grep", "sed", "gawk", "findutils", "util-linux", "procps-ng", "iproute", "iptables-libs",
            "rsyslog", "logrotate", "cronie", "tuned", "subscription-manager", "sssd-client", "cockpit-ws"};

    private final ObjectMapper json;

    BenchHosts(ObjectMapper json) {
        this.json = json;
    }

    ObjectMapper json() {
        return json;
    }

    static UUID uuid(String kind, long n) {
        return UUID.nameUUIDFromBytes((kind + "-" + n).getBytes(StandardCharsets.UTF_8));
    }

    static String fqdn(long n) {
        return String.format("host-%07d.bench.example.com", n);
    }

    /** The host as the {@code data} of an add_host message or an element of a POST /hosts body. */
    ObjectNode input(long n, String account, int variant, OffsetDateTime staleTimestamp) {
        ObjectNode host = json.createObjectNode();
        host.put("account", account);
        host.put("display_name", fqdn(n));
        host.put("ansible_host", fqdn(n));
        canonicalFacts(host, n);
        ArrayNode facts = host.putArray("facts");
        facts.addObject().put("namespace", "satellite").set("facts", satelliteFacts(n, variant));
        facts.addObject().put("namespace", "rhsm").set("facts", rhsmFacts(n));
        ArrayNode tags = host.putArray("tags");
        tags(n, variant, (namespace, key, value) -> tags.addObject().put("namespace", namespace).put("key", key)
                .put("value", value));
        host.set("system_profile", systemProfile(n, variant));
        host.put("stale_timestamp", staleTimestamp.toString());
        host.put("reporter", "puptoo");
        return host;
    }

    /** The canonical facts as stored (every one of them). */
    ObjectNode canonicalFacts(long n) {
        return canonicalFacts(json.createObjectNode(), n);
    }

    private static ObjectNode canonicalFacts(ObjectNode into, long n) {
        into.put("insights_id", uuid("insights", n).toString());
        into.put("subscription_manager_id", uuid("rhsm", n).toString());
        into.put("satellite_id", uuid("satellite", n).toString());
        into.put("bios_uuid", uuid("bios", n).toString());
        into.put("rhel_machine_id", uuid("machine", n).toString());
        into.put("fqdn", fqdn(n));
        into.put("external_id", "i-" + Long.toHexString(0x1000000000L + n));
        ArrayNode ips = into.putArray("ip_addresses");
        ips.add(ip(10, n));
        ips.add(ip(172, n));
        ArrayNode macs = into.putArray("mac_addresses");
        macs.add(mac(0x52, n));
        macs.add(mac(0x54, n));
        return into;
    }

    /** The facts as stored: namespace → facts. */
    ObjectNode storedFacts(long n, int variant) {
        ObjectNode facts = json.createObjectNode();
        facts.set("satellite", satelliteFacts(n, variant));
        facts.set("rhsm", rhsmFacts(n));
        return facts;
    }

    /** The tags as stored: namespace → key → values. */
    ObjectNode storedTags(long n, int variant) {
        ObjectNode tags = json.createObjectNode();
        tags(n, variant, (namespace, key, value) -> {
            ObjectNode keys = tags.has(namespace) ? (ObjectNode) tags.get(namespace) : tags.putObject(namespace);
            keys.putArray(key).add(value);
        });
        return tags;
    }

    private interface TagSink {
        void add(String namespace, String key, String value);
    }

    /** 4 to 6 tags; insights-client/team=team-N is carried by 1 host in 50. */
    private static void tags(long n, int variant, TagSink sink) {
        sink.add("insights-client", "env", ENVIRONMENTS[(int) (n % ENVIRONMENTS.length)]);
        sink.add("insights-client", "team", "team-" + (n % 50));
        sink.add("satellite", "location", "dc-" + (n % 20));
        sink.add("satellite", "organization", "org-" + (n % 10) + (variant == 0 ? "" : "-v" + variant));
        if (n % 2 == 0) {
            sink.add("custom", "role", ROLES[(int) (n % ROLES.length)]);
        }
        if (n % 3 == 0) {
            sink.add("custom", "patch-window", "sun-0200");
        }
    }

    private ObjectNode satelliteFacts(long n, int variant) {
        ObjectNode facts = json.createObjectNode();
        facts.put("satellite_instance_id", uuid("satellite-instance", n % 7).toString());
        facts.put("organization_id", (int) (n % 10) + 1);
        facts.put("content_view", "cv-rhel9-" + (variant % 3));
        facts.put("lifecycle_environment", ENVIRONMENTS[(int) (n % ENVIRONMENTS.length)]);
        facts.put("last_checkin", "2026-11-" + String.format("%02d", 1 + variant % 28) + "T08:00:00Z");
        return facts;
    }

    private ObjectNode rhsmFacts(long n) {
        ObjectNode facts = json.createObjectNode();
        facts.put("orgId", String.valueOf(5_000_000 + n % 1000));
        facts.put("SYSPURPOSE_ROLE", "Red Hat Enterprise Linux Server");
        facts.put("SYSPURPOSE_SLA", "Premium");
        facts.put("IS_VIRTUAL", n % 4 != 0);
        return facts;
    }

    ObjectNode systemProfile(long n, int variant) {
        ObjectNode profile = json.createObjectNode();
        profile.put("number_of_cpus", 2 << (n % 4));
        profile.put("number_of_sockets", 1 + (int) (n % 2));
        profile.put("cores_per_socket", 2 << (n % 3));
        profile.put("system_memory_bytes", (4L << 30) << (n % 4));
        profile.put("infrastructure_type", n % 4 == 0 ? "physical" : "virtual");
        profile.put("infrastructure_vendor", n % 4 == 0 ? "dell" : "kvm");
        profile.put("bios_vendor", "SeaBIOS");
        profile.put("bios_version", "1.16.3-" + (n % 5));
        profile.put("os_release", "9." + (n % 5));
        profile.put("os_kernel_version", "5.14.0-" + (362 + n % 60));
        profile.put("arch", "x86_64");
        profile.put("last_boot_time", "2026-11-" + String.format("%02d", 1 + variant % 28) + "T07:"
                + String.format("%02d", n % 60) + ":00+00:00");
        profile.put("insights_client_version", "3.2." + (n % 9));
        ArrayNode interfaces = profile.putArray("network_interfaces");
        interfaces.addObject().put("name", "eth0").put("state", "UP").put("mtu", 1500).put("type", "ether")
                .put("mac_address", mac(0x52, n)).set("ipv4_addresses", json.createArrayNode().add(ip(10, n)));
        interfaces.addObject().put("name", "eth1").put("state", "UP").put("mtu", 9000).put("type", "ether")
                .put("mac_address", mac(0x54, n)).set("ipv4_addresses", json.createArrayNode().add(ip(172, n)));
        ArrayNode repos = profile.putArray("yum_repos");
        for (String repo : new String[] {"baseos", "appstream", "satellite-tools"}) {
            repos.addObject().put("id", "rhel-9-for-x86_64-" + repo + "-rpms").put("name", "Red Hat Enterprise Linux 9 "
                            + repo).put("base_url", "https://cdn.redhat.com/content/dist/rhel9/9/x86_64/" + repo + "/os")
                    .put("enabled", true).put("gpgcheck", true);
        }
        ArrayNode packages = profile.putArray("installed_packages");
        for (int p = 0; p < PACKAGES.length; p++) {
            packages.add(PACKAGES[p] + "-0:" + (1 + (n + p) % 9) + "." + ((n * 7 + p) % 30) + "-" + (1 + p % 4)
                    + ".el9.x86_64");
        }
        return profile;
    }

    private static String ip(int first, long n) {
        return first + "." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    private static String mac(int first, long n) {
        return String.format("%02x:00:%02x:%02x:%02x:%02x", first, (n >> 24) & 0xff, (n >> 16) & 0xff,
                (n >> 8) & 0xff, n & 0xff);
    }
}

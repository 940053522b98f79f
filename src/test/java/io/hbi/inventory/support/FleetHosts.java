package io.hbi.inventory.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Hosts shaped like a real fleet's for the tests: each distinct host has values of its own, and every one also
 * reports the addresses that real hosts share: the docker bridge ({@code 172.17.0.1}, {@code 02:42:ac:11:00:01})
 * and libvirt's ({@code 192.168.122.1}, a {@code 52:54:00} MAC). By 2020's rules they stay distinct hosts.
 */
public final class FleetHosts {

    public static final String DOCKER_IP = "172.17.0.1";
    public static final String LIBVIRT_IP = "192.168.122.1";
    public static final String DOCKER_MAC = "02:42:ac:11:00:01";
    public static final String LIBVIRT_MAC = "52:54:00:12:34:56";

    private FleetHosts() {
    }

    /**
     * Host {@code n} of {@code account} as the JSON of an input host: its own fqdn, IP and MAC (and, by {@code n},
     * a mix of which ids it reports, as different reporters send), plus the shared addresses.
     */
    public static String host(String account, String prefix, int n, String displayName) {
        StringBuilder host = new StringBuilder("{\"account\": \"").append(account)
                .append("\", \"stale_timestamp\": \"2099-01-01T00:00:00+00:00\", \"reporter\": \"puptoo\"")
                .append(", \"fqdn\": \"").append(prefix).append('-').append(n).append(".example.com\"")
                .append(", \"ip_addresses\": [\"10.").append(n / 65536 % 256).append('.').append(n / 256 % 256)
                .append('.').append(n % 256).append("\", \"").append(DOCKER_IP).append("\", \"").append(LIBVIRT_IP)
                .append("\"], \"mac_addresses\": [\"").append(String.format("00:1a:4a:%02x:%02x:%02x", n / 65536 % 256,
                        n / 256 % 256, n % 256)).append("\", \"").append(DOCKER_MAC).append("\", \"")
                .append(LIBVIRT_MAC).append("\"]");
        // two of three report an insights id, every other one a subscription-manager id: each id a function of n
        if (n % 3 != 2) {
            host.append(", \"insights_id\": \"").append(id(prefix, "insights", n)).append('"');
        }
        if (n % 2 == 0) {
            host.append(", \"subscription_manager_id\": \"").append(id(prefix, "rhsm", n)).append('"');
        }
        if (displayName != null) {
            host.append(", \"display_name\": \"").append(displayName).append('"');
        }
        return host.append('}').toString();
    }

    /** The add_host message of {@link #host}. */
    public static byte[] message(String account, String prefix, int n, String displayName) {
        return ("{\"operation\": \"add_host\", \"platform_metadata\": {\"request_id\": \"" + prefix + "-" + n
                + "\"}, \"data\": " + host(account, prefix, n, displayName) + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON array of hosts {@code 0..count-1}. */
    public static String array(String account, String prefix, int count) {
        List<String> hosts = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            hosts.add(host(account, prefix, n, null));
        }
        return "[" + String.join(",", hosts) + "]";
    }

    private static String id(String prefix, String kind, int n) {
        return UUID.nameUUIDFromBytes((prefix + "/" + kind + "/" + n).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

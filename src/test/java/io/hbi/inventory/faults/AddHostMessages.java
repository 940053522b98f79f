package io.hbi.inventory.faults;

import io.hbi.inventory.config.Setting;
import io.hbi.inventory.config.Settings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the fault tests send and how they start the jar: numbered valid hosts, the settings as environment. */
final class AddHostMessages {

    private AddHostMessages() {
    }

    /** {@code count} valid add_host messages of {@code account}, fqdn {@code <prefix>-<n>.example.com}. */
    static List<byte[]> numbered(String account, String prefix, int count) {
        List<byte[]> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(("{\"operation\": \"add_host\", \"data\": {\"account\": \"" + account + "\", \"fqdn\": \"" + prefix
                    + "-" + i + ".example.com\", \"stale_timestamp\": \"2099-01-01T00:00:00+00:00\", \"reporter\": \"puptoo\"}}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return messages;
    }

    /** Every variable of {@code settings}, for a jar process that must use exactly these. */
    static Map<String, String> environment(Settings settings) {
        Map<String, String> env = new HashMap<>();
        for (Setting setting : Settings.DECLARED) {
            env.put(setting.env(), settings.get(setting.property()));
        }
        return env;
    }
}

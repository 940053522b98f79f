package io.hbi.inventory;

import io.hbi.inventory.config.Settings;

/** Chooses the log format and level before the first logger is created (log4j2.xml reads these properties). */
public final class Logging {

    private Logging() {
    }

    public static void configure(Settings settings) {
        System.setProperty("inventory.log.format", settings.get("inventory.log.format"));
        System.setProperty("inventory.log.level", settings.get("inventory.log.level"));
        String file = settings.get("inventory.log.config-file");
        if (!file.isEmpty()) {
            System.setProperty("log4j2.configurationFile", file);
        }
    }
}

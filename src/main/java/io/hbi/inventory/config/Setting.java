package io.hbi.inventory.config;

/**
 * One environment variable of the service: the property it feeds, its default, how it is checked and what it
 * means. The table of all of them is {@link Settings#DECLARED}.
 */
public record Setting(String env, String property, String defaultValue, Type type, boolean secret, String meaning) {

    /** How a value is checked before the service starts. */
    public enum Type {
        TEXT, PORT, POSITIVE_INT, NON_NEGATIVE_INT, BOOLEAN, PATH, BULK_SOURCE, LOG_LEVEL, OFFSET_RESET, SSL_MODE, CRON,
        FOLDER
    }

    static Setting of(String env, String property, String defaultValue, Type type, String meaning) {
        return new Setting(env, property, defaultValue, type, false, meaning);
    }

    static Setting secret(String env, String property, String defaultValue, String meaning) {
        return new Setting(env, property, defaultValue, Type.TEXT, true, meaning);
    }

    /** Checks a raw value and returns it normalised, or throws naming the variable. */
    String check(String raw) {
        String value = raw.trim();
        switch (type) {
            case PORT -> {
                int port = integer(value);
                if (port < 1 || port > 65535) {
                    throw invalid(raw, "a TCP port between 1 and 65535");
                }
            }
            case POSITIVE_INT -> {
                if (integer(value) < 1) {
                    throw invalid(raw, "a whole number of at least 1");
                }
            }
            case NON_NEGATIVE_INT -> {
                if (integer(value) < 0) {
                    throw invalid(raw, "a whole number of at least 0");
                }
            }
            case BOOLEAN -> {
                value = value.toLowerCase(java.util.Locale.ROOT);
                if (!value.equals("true") && !value.equals("false")) {
                    throw invalid(raw, "true or false");
                }
            }
            case PATH -> {
                if (!value.isEmpty() && !value.startsWith("/")) {
                    throw invalid(raw, "empty or a path starting with /");
                }
            }
            case BULK_SOURCE -> {
                value = value.toLowerCase(java.util.Locale.ROOT);
                if (!value.equals("db") && !value.equals("xjoin")) {
                    throw invalid(raw, "db or xjoin");
                }
            }
            case LOG_LEVEL -> {
                value = value.toUpperCase(java.util.Locale.ROOT);
                if (!java.util.Set.of("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL", "OFF")
                        .contains(value)) {
                    throw invalid(raw, "one of TRACE, DEBUG, INFO, WARN, ERROR, OFF");
                }
                value = switch (value) {
                    case "WARNING" -> "WARN";
                    case "CRITICAL" -> "FATAL";
                    default -> value;
                };
            }
            case OFFSET_RESET -> {
                value = value.toLowerCase(java.util.Locale.ROOT);
                if (!value.equals("latest") && !value.equals("earliest") && !value.equals("none")) {
                    throw invalid(raw, "latest, earliest or none");
                }
            }
            case SSL_MODE -> {
                if (!java.util.Set.of("", "disable", "allow", "prefer", "require", "verify-ca", "verify-full")
                        .contains(value)) {
                    throw invalid(raw, "empty or a PostgreSQL sslmode such as verify-full");
                }
            }
            case CRON -> {
                if (!value.isEmpty() && !org.quartz.CronExpression.isValidExpression(value)) {
                    throw invalid(raw, "empty or a Quartz cron expression such as '0 0 * * * ?'");
                }
            }
            case FOLDER -> {
                if (!value.isEmpty() && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(value))) {
                    throw invalid(raw, "empty or an existing folder");
                }
            }
            case TEXT -> value = raw;
        }
        return value;
    }

    private int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(value, "a whole number");
        }
    }

    private InvalidSettingException invalid(String raw, String expected) {
        String shown = secret ? "(hidden)" : "'" + raw + "'";
        return new InvalidSettingException(env + " must be " + expected + ", but is " + shown);
    }
}

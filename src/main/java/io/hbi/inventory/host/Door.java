package io.hbi.inventory.host;

/** The way a host reached us; the two doors validate and merge slightly differently (contract §3.4, §4). */
public enum Door {
    /** {@code POST /hosts}: tags are ignored, JSON types are strict, an update keeps the stored system profile. */
    REST,
    /** Kafka ingress: tags are accepted, numeric strings pass for integer profile fields, the profile is merged. */
    MQ
}

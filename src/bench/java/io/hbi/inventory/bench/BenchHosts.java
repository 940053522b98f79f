package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The hosts of the benchmark, one per number {@code n}, in one of two shapes:
 * <ul>
 *   <li>{@link Shape#SMALL}: every canonical fact, 2 fact namespaces, 4–6 tags, a system profile with cpu/memory/os
 *   fields, 2 network interfaces, 3 yum repos and 50 installed packages (about 4 KiB of JSON);</li>
 *   <li>{@link Shape#FLEET}: the same facts and tags, and the system profile a real RHEL 9 host reports: 500 to 2,000
 *   installed packages as RPM NEVRA strings ({@code kernel-0:5.14.0-362.8.1.el9_3.x86_64}), cpu flags, kernel
 *   modules, services, processes, disks (about 23–78 KiB, median about 35 KiB). One host in three also runs
 *   containers and virtual machines, so it reports the addresses every such host has: {@link #BRIDGE_IPS} and
 *   {@link #BRIDGE_MAC} (beside its own unique addresses and ids, so every host stays distinct).</li>
 * </ul>
 * The same number always gives the same canonical facts (so a second message with it is an update of the same
 * host); {@code variant} changes the facts, one tag, the profile's boot time (and, for the fleet, a few package
 * versions), as a real re-report does. Display names start with a tier word; {@link #BROAD_NAME} is the tier of 3
 * hosts in 10.
 */
final class BenchHosts {

    /** The two shapes of host the benchmark sends. */
    enum Shape {
        SMALL, FLEET;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The addresses of docker0 and virbr0, the same on every host that has them. */
    static final List<String> BRIDGE_IPS = List.of("172.17.0.1", "192.168.122.1");
    static final String BRIDGE_MAC = "02:42:ac:11:00:01";
    /** The display-name tier of hosts {@code n % 10 < 3}: a {@code display_name} filter matching 30% of hosts. */
    static final String BROAD_NAME = "frontend";
    private static final String[] TIERS = {BROAD_NAME, BROAD_NAME, BROAD_NAME, "backend", "backend", "backend",
            "batch", "batch", "batch", "infra"};

    private static final String[] ENVIRONMENTS = {"prod", "stage", "dev", "qa"};
    private static final String[] ROLES = {"web", "db", "cache"};
    private static final String[] PACKAGES = {"kernel", "glibc", "openssl", "bash", "systemd", "python3", "curl",
            "openssh-server", "sudo", "coreutils", "dnf", "rpm", "yum-utils", "insights-client", "rhc", "podman",
            "NetworkManager", "firewalld", "chrony", "audit", "polkit", "dbus", "libselinux", "selinux-policy",
            "tar", "gzip", "xz", "zlib", "libxml2", "krb5-libs", "nss", "ca-certificates", "tzdata", "vim-minimal",
            "less", "grep", "sed", "gawk", "findutils", "util-linux", "procps-ng", "iproute", "iptables-libs",
            "rsyslog", "logrotate", "cronie", "tuned", "subscription-manager", "sssd-client", "cockpit-ws"};

    private final ObjectMapper json;
    private final Shape shape;

    BenchHosts(ObjectMapper json, Shape shape) {
        this.json = json;
        this.shape = shape;
    }

    ObjectMapper json() {
        return json;
    }

    Shape shape() {
        return shape;
    }

    static UUID uuid(String kind, long n) {
        return UUID.nameUUIDFromBytes((kind + "-" + n).getBytes(StandardCharsets.UTF_8));
    }

    static String fqdn(long n) {
        return String.format("host-%07d.bench.example.com", n);
    }

    /** {@code <tier>-host-NNNNNNN.bench.example.com}: contains the fqdn, so a host name filter matches both. */
    static String displayName(long n) {
        return TIERS[(int) (n % TIERS.length)] + "-" + fqdn(n);
    }

    /** Whether this host reports the shared bridge addresses (fleet shape only). */
    boolean bridged(long n) {
        return shape == Shape.FLEET && n % 3 == 0;
    }

    /** The host as the {@code data} of a 2020 add_host message or an element of a 2020 POST /hosts body. */
    ObjectNode input(long n, String account, int variant, OffsetDateTime staleTimestamp) {
        return input(n, null, account, variant, staleTimestamp);
    }

    /**
     * The host as the {@code data} of a today's add_host message of an org: {@code org_id} set, and {@code account}
     * only when not null; otherwise the same host as {@link #input(long, String, int, OffsetDateTime)}.
     */
    ObjectNode input(long n, String orgId, String account, int variant, OffsetDateTime staleTimestamp) {
        ObjectNode host = json.createObjectNode();
        if (account != null) {
            host.put("account", account);
        }
        if (orgId != null) {
            host.put("org_id", orgId);
        }
        host.put("display_name", displayName(n));
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

    private ObjectNode canonicalFacts(ObjectNode into, long n) {
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
        if (bridged(n)) {
            BRIDGE_IPS.forEach(ips::add);
            macs.add(BRIDGE_MAC);
        }
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

    interface TagSink {
        void add(String namespace, String key, String value);
    }

    /** 4 to 6 tags; insights-client/team=team-N is carried by 1 host in 50. */
    static void tags(long n, int variant, TagSink sink) {
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
        profile.put("os_release", osMajor(n) + "." + osMinor(n));
        profile.putObject("operating_system").put("name", "RHEL").put("major", osMajor(n)).put("minor", osMinor(n));
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
        if (bridged(n)) {
            interfaces.addObject().put("name", "docker0").put("state", "UP").put("mtu", 1500).put("type", "bridge")
                    .put("mac_address", BRIDGE_MAC).set("ipv4_addresses", json.createArrayNode().add(BRIDGE_IPS.get(0)));
            interfaces.addObject().put("name", "virbr0").put("state", "DOWN").put("mtu", 1500).put("type", "bridge")
                    .put("mac_address", mac(0x56, n)).set("ipv4_addresses", json.createArrayNode().add(BRIDGE_IPS.get(1)));
        }
        ArrayNode repos = profile.putArray("yum_repos");
        for (String repo : new String[] {"baseos", "appstream", "satellite-tools"}) {
            repos.addObject().put("id", "rhel-9-for-x86_64-" + repo + "-rpms").put("name", "Red Hat Enterprise Linux 9 "
                            + repo).put("base_url", "https://cdn.redhat.com/content/dist/rhel9/9/x86_64/" + repo + "/os")
                    .put("enabled", true).put("gpgcheck", true);
        }
        if (sapSystem(n)) {
            profile.putObject("workloads").putObject("sap").put("sap_system", true)
                    .set("sids", json.createArrayNode().add("S" + String.format("%02d", n % 7)));
        }
        if (shape == Shape.FLEET) {
            FleetProfile.addTo(profile, n, variant);
        } else {
            ArrayNode packages = profile.putArray("installed_packages");
            for (int p = 0; p < PACKAGES.length; p++) {
                packages.add(PACKAGES[p] + "-0:" + (1 + (n + p) % 9) + "." + ((n * 7 + p) % 30) + "-" + (1 + p % 4)
                        + ".el9.x86_64");
            }
        }
        return profile;
    }

    /** RHEL 9 for two hosts in three, RHEL 8 for the others. */
    static int osMajor(long n) {
        return n % 3 == 0 ? 8 : 9;
    }

    /** 9.0 … 9.4, 8.0 … 8.9. */
    static int osMinor(long n) {
        return (int) (osMajor(n) == 9 ? n % 5 : n % 10);
    }

    /** One host in 20 runs SAP ({@code workloads.sap.sap_system} true, one SID of 7). */
    static boolean sapSystem(long n) {
        return n % 20 == 7;
    }

    static String ip(int first, long n) {
        return first + "." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    static String mac(int first, long n) {
        return String.format("%02x:00:%02x:%02x:%02x:%02x", first, (n >> 24) & 0xff, (n >> 16) & 0xff,
                (n >> 8) & 0xff, n & 0xff);
    }

    /**
     * The bulk of a fleet host's system profile. Package names come from one list of about 2,400 plausible RHEL 9
     * package names: every host has the first 500, larger hosts more (up to 2,000; the count is skewed towards the
     * small end, median about 830). Versions depend on the package and on the host's patch level, so hosts share
     * most strings, as a real fleet does.
     */
    static final class FleetProfile {

        static final int MIN_PACKAGES = 500;
        static final int MAX_PACKAGES = 2000;

        private static final String[] BASES = {"acl", "alsa-lib", "annobin", "apr", "apr-util", "at", "attr",
                "audit", "augeas", "authselect", "avahi", "basesystem", "bc", "bind", "binutils", "bison", "boost",
                "brotli", "bzip2", "c-ares", "cairo", "checkpolicy", "chrony", "cifs-utils", "cockpit", "cpio",
                "cracklib", "crypto-policies", "cryptsetup", "cups", "curl", "cyrus-sasl", "dbus", "device-mapper",
                "dhcp", "diffutils", "dmidecode", "dnf", "dosfstools", "dracut", "e2fsprogs", "elfutils", "emacs",
                "ethtool", "expat", "file", "filesystem", "findutils", "firewalld", "flex", "fontconfig", "freetype",
                "fuse", "gawk", "gcc", "gdb", "gdbm", "gettext", "git", "glib2", "glibc", "gmp", "gnupg2", "gnutls",
                "gobject-introspection", "gpgme", "graphite2", "grep", "groff", "grub2", "grubby", "gssproxy", "gzip",
                "harfbuzz", "hdparm", "hostname", "httpd", "hwdata", "icu", "initscripts", "iproute", "iptables",
                "iputils", "irqbalance", "jansson", "jq", "json-c", "json-glib", "kbd", "kexec-tools", "keyutils",
                "kmod", "krb5", "less", "libacl", "libaio", "libarchive", "libassuan", "libattr", "libblkid",
                "libcap", "libcap-ng", "libcom_err", "libcurl", "libdb", "libedit", "libevent", "libffi",
                "libgcc", "libgcrypt", "libgpg-error", "libidn2", "libjpeg-turbo", "libkcapi", "libksba", "libmnl",
                "libmodulemd", "libmount", "libndp", "libnfsidmap", "libnftnl", "libnghttp2", "libnl3", "libpcap",
                "libpng", "libpsl", "libpwquality", "librepo", "libreport", "libseccomp", "libselinux", "libsemanage",
                "libsepol", "libsigsegv", "libsmartcols", "libsolv", "libss", "libssh", "libstdc++", "libtasn1",
                "libtiff", "libtirpc", "libunistring", "libusbx", "libuser", "libutempter", "libuuid", "libverto",
                "libwebp", "libxcrypt", "libxml2", "libxslt", "libyaml", "libzstd", "linux-firmware", "lmdb",
                "logrotate", "lshw", "lsof", "lua", "lvm2", "lz4", "lzo", "make", "man-db", "mariadb", "mdadm",
                "microcode_ctl", "mpfr", "ncurses", "net-snmp", "net-tools", "nettle", "newt", "nfs-utils", "nftables",
                "nginx", "npth", "nspr", "nss", "numactl", "oniguruma", "openldap", "openssh", "openssl", "p11-kit",
                "pam", "parted", "passwd", "pciutils", "pcre", "pcre2", "perl", "pigz", "pixman", "pkgconf",
                "policycoreutils", "polkit", "popt", "postfix", "postgresql", "procps-ng", "psmisc", "publicsuffix",
                "python3", "qemu-guest-agent", "quota", "readline", "redis", "rng-tools", "rootfiles", "rpcbind",
                "rpm", "rsync", "rsyslog", "ruby", "samba", "sed", "setup", "sg3_utils", "shadow-utils", "slang",
                "snappy", "sos", "sqlite", "squashfs-tools", "sssd", "strace", "sudo", "systemd", "tar", "tcpdump",
                "teamd", "texinfo", "tmux", "tpm2-tss", "tuned", "tzdata", "unbound", "unzip", "usermode",
                "util-linux", "vim", "virt-what", "which", "wget", "xfsprogs", "xz", "yum", "zip", "zlib", "zsh"};
        private static final String[] SUFFIXES = {"", "-libs", "-devel", "-common", "-tools", "-doc", "-utils",
                "-data", "-static", "-debuginfo"};
        private static final String[] LANGUAGE_PREFIXES = {"python3-", "perl-", "rubygem-", "golang-"};
        private static final List<String> POOL = pool();

        private static final String[] CPU_FLAGS = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat"
                + " pse36 clflush mmx fxsr sse sse2 ss syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon rep_good"
                + " nopl xtopology cpuid tsc_known_freq pni pclmulqdq vmx ssse3 fma cx16 pdcm pcid sse4_1 sse4_2"
                + " x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm"
                + " 3dnowprefetch cpuid_fault invpcid_single ssbd ibrs ibpb stibp ibrs_enhanced tpr_shadow vnmi"
                + " flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid avx512f"
                + " avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1"
                + " xsaves arat umip pku ospke avx512_vnni md_clear arch_capabilities").split(" ");
        private static final String[] KERNEL_MODULES = ("xfs libcrc32c sd_mod t10_pi sg virtio_net net_failover"
                + " failover virtio_blk virtio_pci virtio_pci_legacy_dev virtio_pci_modern_dev virtio_ring virtio"
                + " ata_generic ata_piix libata crct10dif_pclmul crc32_pclmul crc32c_intel ghash_clmulni_intel"
                + " serio_raw dm_mirror dm_region_hash dm_log dm_mod fuse nf_tables nfnetlink nft_fib_inet"
                + " nft_fib_ipv4 nft_fib_ipv6 nft_fib nft_reject_inet nf_reject_ipv4 nf_reject_ipv6 nft_reject"
                + " nft_ct nft_chain_nat nf_nat nf_conntrack nf_defrag_ipv6 nf_defrag_ipv4 ip_set rfkill bridge"
                + " stp llc overlay veth xt_conntrack xt_MASQUERADE iTCO_wdt iTCO_vendor_support intel_rapl_msr"
                + " intel_rapl_common kvm_intel kvm irqbypass rapl i2c_i801 lpc_ich pcspkr joydev vfat fat sunrpc"
                + " drm drm_kms_helper syscopyarea sysfillrect sysimgblt fb_sys_fops").split(" ");
        private static final String[] SERVICES = {"auditd", "chronyd", "crond", "dbus-broker", "firewalld",
                "getty@tty1", "insights-client", "irqbalance", "kdump", "NetworkManager", "polkit", "rhsmcertd",
                "rsyslog", "sshd", "sssd", "systemd-journald", "systemd-logind", "systemd-udevd", "tuned",
                "qemu-guest-agent", "rhcd", "podman", "dnf-makecache", "fstrim", "logrotate", "lvm2-monitor",
                "mdmonitor", "nfs-client", "rpcbind", "postfix", "atd", "cockpit", "rngd", "smartd", "unbound-anchor"};

        private FleetProfile() {
        }

        /** How many packages host {@code n} has: 500 to 2,000, median about 830. */
        static int packageCount(long n) {
            double u = new SplittableRandom(n * 0x9E3779B97F4A7C15L + 17).nextDouble();
            return MIN_PACKAGES + (int) ((MAX_PACKAGES - MIN_PACKAGES) * Math.pow(u, 2.2));
        }

        static void addTo(ObjectNode profile, long n, int variant) {
            int level = (int) (n % 4);
            profile.put("os_kernel_version", "5.14.0-" + kernelRelease(level));
            profile.put("bios_release_date", "04/01/2014");
            profile.put("subscription_status", "Current");
            profile.put("subscription_auto_attach", "Enabled");
            profile.put("katello_agent_running", false);
            profile.put("satellite_managed", true);
            profile.put("cloud_provider", n % 4 == 0 ? "" : "aws");
            profile.put("insights_egg_version", "3.0." + (160 + n % 40) + "-1");
            profile.put("captured_date", "2026-11-" + String.format("%02d", 1 + variant % 28) + "T08:00:00+00:00");
            ArrayNode flags = profile.putArray("cpu_flags");
            for (int f = 0; f < CPU_FLAGS.length; f++) {
                if ((n + f) % 11 != 0) {
                    flags.add(CPU_FLAGS[f]);
                }
            }
            ArrayNode disks = profile.putArray("disk_devices");
            disks.addObject().put("device", "/dev/mapper/rhel-root").put("label", "").put("mount_point", "/")
                    .put("type", "xfs").putObject("options").put("rw", true).put("relatime", true);
            disks.addObject().put("device", "/dev/vda1").put("label", "").put("mount_point", "/boot")
                    .put("type", "xfs").putObject("options").put("rw", true).put("seclabel", true);
            ArrayNode modules = profile.putArray("kernel_modules");
            for (int m = 0; m < KERNEL_MODULES.length; m++) {
                if ((n + m) % 7 != 0) {
                    modules.add(KERNEL_MODULES[m]);
                }
            }
            ArrayNode installedServices = profile.putArray("installed_services");
            ArrayNode enabledServices = profile.putArray("enabled_services");
            for (int s = 0; s < SERVICES.length; s++) {
                installedServices.add(SERVICES[s] + ".service");
                if ((n + s) % 4 != 0) {
                    enabledServices.add(SERVICES[s] + ".service");
                }
            }
            ArrayNode processes = profile.putArray("running_processes");
            for (int s = 0; s < SERVICES.length; s++) {
                processes.add(SERVICES[s].replace("@tty1", ""));
            }
            for (int w = 0; w < 12; w++) {
                processes.add("kworker/" + (w % 8) + ":" + (w % 3) + "H-events_highpri");
            }
            ArrayNode dnfModules = profile.putArray("dnf_modules");
            dnfModules.addObject().put("name", "nodejs").put("stream", String.valueOf(18 + 2 * (n % 2)));
            dnfModules.addObject().put("name", "postgresql").put("stream", String.valueOf(13 + n % 3));
            ArrayNode products = profile.putArray("installed_products");
            products.addObject().put("name", "Red Hat Enterprise Linux for x86_64").put("id", "479")
                    .put("status", "Subscribed");
            ArrayNode packages = profile.putArray("installed_packages");
            packages.add("kernel-0:5.14.0-" + kernelRelease(level) + ".x86_64");
            packages.add("kernel-core-0:5.14.0-" + kernelRelease(level) + ".x86_64");
            packages.add("kernel-modules-0:5.14.0-" + kernelRelease(level) + ".x86_64");
            if (level > 0) {
                packages.add("kernel-0:5.14.0-" + kernelRelease(level - 1) + ".x86_64");
            }
            int count = packageCount(n);
            for (int p = 0; packages.size() < count; p++) {
                packages.add(nevra(POOL.get(p), p, level, variant));
            }
        }

        /** A kernel release of RHEL 9.{level}: 5.14.0-{release}. */
        private static String kernelRelease(int level) {
            return new String[] {"70.13.1.el9_0", "162.6.1.el9_1", "284.11.1.el9_2", "362.8.1.el9_3"}[level];
        }

        /** {@code name-epoch:version-release.arch}; an update (variant > 0) bumps the release of 1 package in 20. */
        static String nevra(String name, int p, int level, int variant) {
            int hash = name.hashCode() & 0x7fffffff;
            int epoch = hash % 9 == 0 ? 1 + hash % 2 : 0;
            String version = (1 + hash % 12) + "." + (hash / 12 % 30) + (hash % 5 == 0 ? "." + hash / 360 % 20 : "");
            int release = 1 + hash / 7200 % 9 + (variant > 0 && (p + variant) % 20 == 0 ? 1 : 0);
            String dist = level == 0 || hash % 4 == 0 ? ".el9" : ".el9_" + level;
            boolean noarch = name.startsWith("python3-") || name.startsWith("perl-") || name.startsWith("rubygem-")
                    || name.endsWith("-doc") || name.endsWith("-data") || name.endsWith("-common");
            return name + "-" + epoch + ":" + version + "-" + release + dist + (noarch ? ".noarch" : ".x86_64");
        }

        /** Every base name first, then its -libs, -devel, … forms, then language bindings: about 2,400 names. */
        private static List<String> pool() {
            LinkedHashSet<String> names = new LinkedHashSet<>();
            for (String suffix : SUFFIXES) {
                for (String base : BASES) {
                    names.add(base + suffix);
                }
            }
            for (String prefix : LANGUAGE_PREFIXES) {
                for (String base : BASES) {
                    names.add(prefix + base);
                }
            }
            return new ArrayList<>(names);
        }
    }
}

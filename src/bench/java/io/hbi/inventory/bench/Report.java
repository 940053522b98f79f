package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The figures of a benchmark run: medians over the verified runs, as a text table and as JSON, with the server
 * settings they were measured under, the host shapes, and every failed run.
 */
final class Report {

    private final ObjectMapper json;
    private final List<Scenarios.Result> results;
    private final int runs;
    private final Map<String, String> server;
    private final List<Scenarios.ShapeStats> shapes;
    private final List<String> otherFailures;

    Report(ObjectMapper json, List<Scenarios.Result> results, int runs, Map<String, String> server,
           List<Scenarios.ShapeStats> shapes, List<String> otherFailures) {
        this.json = json;
        this.results = results;
        this.runs = runs;
        this.server = server;
        this.shapes = shapes;
        this.otherFailures = otherFailures;
    }

    static double median(List<Scenarios.Run> runs, ToDoubleFunction<Scenarios.Run> figure) {
        double[] values = runs.stream().filter(Scenarios.Run::ok).mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    static double peak(List<Scenarios.Run> runs) {
        return runs.stream().filter(Scenarios.Run::ok).mapToDouble(Scenarios.Run::peakRssMib)
                .filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    /** PostgreSQL's settings as measured, on one line. */
    String serverLine() {
        StringBuilder line = new StringBuilder("PostgreSQL (as measured, SHOW):");
        server.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        return line.toString();
    }

    /** The measured sizes of each shape's hosts, one line each. */
    List<String> shapeLines() {
        List<String> lines = new ArrayList<>();
        for (Scenarios.ShapeStats shape : shapes) {
            String packages = shape.minPackages() == shape.maxPackages() ? String.format("%,d", shape.minPackages())
                    : String.format("%,d–%,d", shape.minPackages(), shape.maxPackages());
            lines.add(String.format("Hosts, %s shape: %,d hosts of a Kafka run, JSON %s min / %s median / %s max,"
                            + " %s installed packages%s; largest add_host message %s, largest REST body %s",
                    shape.shape(), shape.hosts(), kib(shape.minBytes()), kib(shape.medianBytes()), kib(shape.maxBytes()),
                    packages, shape.bridged() == 0 ? ""
                            : String.format(", %,d with the shared bridge addresses", shape.bridged()),
                    kib(shape.largestMessageBytes()), kib(shape.largestRestBodyBytes())));
        }
        return lines;
    }

    private static String kib(long bytes) {
        return String.format("%.1f KiB", bytes / 1024.0);
    }

    String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "shape", "table", "load", "rate", "p50 ms", "p99 ms", "peak RSS MiB"});
        for (Scenarios.Result result : results) {
            long failed = result.failedRuns();
            boolean none = result.verifiedRuns().isEmpty();
            String rate = none ? "FAILED" + (result.runs().size() > 1 ? " (" + failed + " of " + result.runs().size()
                    + " runs)" : "")
                    : String.format("%,.0f %s", median(result.runs(), Scenarios.Run::rate), result.unit().split(" ")[0])
                    + (failed == 0 ? "" : " (" + failed + " of " + result.runs().size() + " runs FAILED)");
            rows.add(new String[] {result.scenario(), result.shape(), result.table(), result.load(), rate,
                    none ? "–" : String.format("%.1f", median(result.runs(), Scenarios.Run::p50)),
                    none ? "–" : String.format("%.1f", median(result.runs(), Scenarios.Run::p99)),
                    Double.isNaN(peak(result.runs())) ? "–" : String.format("%.0f", peak(result.runs()))});
        }
        StringBuilder out = new StringBuilder();
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        int firstNumber = 4;
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int c = 0; c < widths.length; c++) {
                String cell = rows.get(r)[c];
                boolean number = c >= firstNumber && r > 0;
                out.append(' ').append(pad(cell, widths[c], number)).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (int c = 0; c < widths.length; c++) {
                    out.append(c >= firstNumber ? "-".repeat(widths[c] + 1) + ":|" : "-".repeat(widths[c] + 2) + "|");
                }
                out.append('\n');
            }
        }
        ratios().forEach(line -> out.append('\n').append(line));
        out.append("\nMedians of the verified runs among ").append(runs).append(" run(s); p50/p99: per request (REST,"
                + " queries), per message from produced to its event seen (Kafka), per transaction (ceiling). Peak RSS:"
                + " the service's VmHWM during the runs.\n");
        List<String> failures = failures();
        if (!failures.isEmpty()) {
            out.append("\nFailed runs (not timed, not in the medians):\n");
            failures.forEach(line -> out.append("- ").append(line).append('\n'));
        }
        out.append('\n').append(verificationLine()).append('\n');
        return out.toString();
    }

    /** Every failed run, and any failure outside the runs (the warm-up), described. */
    List<String> failures() {
        List<String> lines = new ArrayList<>(otherFailures);
        for (Scenarios.Result result : results) {
            for (int r = 0; r < result.runs().size(); r++) {
                Scenarios.Run run = result.runs().get(r);
                if (!run.ok()) {
                    lines.add(String.format("%s (%s) at %s, %s, run %d: %s", result.scenario(), result.shape(),
                            result.table(), result.load(), r + 1, run.failure()));
                }
            }
        }
        return lines;
    }

    int totalRuns() {
        return results.stream().mapToInt(result -> result.runs().size()).sum();
    }

    boolean allVerified() {
        return failures().isEmpty();
    }

    String verificationLine() {
        int total = totalRuns();
        return allVerified()
                ? String.format("Verification: every run verified (%d runs of %d scenarios: answers, events and row"
                + " counts as expected)", total, results.size())
                : String.format("Verification: %d of %d runs FAILED%s (listed above)", failures().size()
                - otherFailures.size(), total, otherFailures.isEmpty() ? "" : ", and the warm-up failed");
    }

    /**
     * Kafka ingestion as a share of the higher JDBC ceiling (1 or 2 connections) of its shape and table size; the
     * ceiling writes the hosts of accounts, so a today's row (org hosts) is compared with the same rows without org.
     */
    List<String> ratios() {
        List<String> lines = new ArrayList<>();
        for (Scenarios.Result kafka : results) {
            String scenario = kafka.scenario().substring(0, kafka.scenario().length()
                    - kafka.tenancy().suffix().length());
            String ceilingName = scenario.equals("Kafka ingestion, new hosts") ? "JDBC ceiling, new rows"
                    : scenario.equals("Kafka ingestion, updates") ? "JDBC ceiling, updated rows" : null;
            if (ceilingName == null) {
                continue;
            }
            Optional<Scenarios.Result> ceiling = highest(ceilingName, kafka.shape(), kafka.table());
            if (ceiling.isEmpty()) {
                continue;
            }
            double ceilingRate = median(ceiling.get().runs(), Scenarios.Run::rate);
            String which = ceiling.get().scenario().substring(ceilingName.length() + 2)
                    + (kafka.tenancy() == Tenancy.ORG ? "; its rows have no org" : "");
            if (kafka.verifiedRuns().isEmpty()) {
                lines.add(String.format("%s (%s) at %s: FAILED; the higher JDBC ceiling is %,.0f rows/s (%s)",
                        kafka.scenario(), kafka.shape(), kafka.table(), ceilingRate, which));
                continue;
            }
            double rate = median(kafka.runs(), Scenarios.Run::rate);
            lines.add(String.format("%s (%s) at %s: %.0f%% of the higher JDBC ceiling (%,.0f of %,.0f per second, %s)",
                    kafka.scenario(), kafka.shape(), kafka.table(), 100 * rate / ceilingRate, rate, ceilingRate, which));
        }
        return lines;
    }

    private Optional<Scenarios.Result> highest(String ceilingName, String shape, String table) {
        return results.stream().filter(r -> r.scenario().startsWith(ceilingName + ", ") && r.shape().equals(shape)
                        && r.table().equals(table) && !r.verifiedRuns().isEmpty())
                .max(Comparator.comparingDouble(r -> median(r.runs(), Scenarios.Run::rate)));
    }

    ObjectNode json(LocalDate date) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("date", date.toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_gib", memoryGib());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.version"));
        ObjectNode settings = root.putObject("server_settings");
        server.forEach(settings::put);
        ArrayNode shapeNodes = root.putArray("shapes");
        for (Scenarios.ShapeStats shape : shapes) {
            shapeNodes.addObject().put("shape", shape.shape()).put("hosts", shape.hosts())
                    .put("min_bytes", shape.minBytes()).put("median_bytes", shape.medianBytes())
                    .put("max_bytes", shape.maxBytes()).put("min_packages", shape.minPackages())
                    .put("max_packages", shape.maxPackages()).put("bridged_hosts", shape.bridged())
                    .put("largest_message_bytes", shape.largestMessageBytes())
                    .put("largest_rest_body_bytes", shape.largestRestBodyBytes());
        }
        root.put("runs", runs);
        ArrayNode scenarios = root.putArray("results");
        for (Scenarios.Result result : results) {
            ObjectNode node = scenarios.addObject();
            node.put("scenario", result.scenario());
            node.put("identity", result.tenancy().option());
            node.put("shape", result.shape());
            node.put("table", result.table());
            node.put("load", result.load());
            node.put("unit", result.unit());
            node.put("verified_runs", result.verifiedRuns().size());
            node.put("failed_runs", result.failedRuns());
            if (result.verifiedRuns().isEmpty()) {
                node.put("status", "FAILED");
                node.putNull("rate");
                node.putNull("p50_ms");
                node.putNull("p99_ms");
            } else {
                node.put("status", result.failedRuns() == 0 ? "verified" : "partly FAILED");
                node.put("rate", median(result.runs(), Scenarios.Run::rate));
                node.put("p50_ms", median(result.runs(), Scenarios.Run::p50));
                node.put("p99_ms", median(result.runs(), Scenarios.Run::p99));
            }
            double peak = peak(result.runs());
            if (!Double.isNaN(peak)) {
                node.put("peak_rss_mib", peak);
            }
            ArrayNode each = node.putArray("runs");
            for (Scenarios.Run run : result.runs()) {
                ObjectNode r = each.addObject().put("verified", run.ok());
                if (run.ok()) {
                    r.put("rate", run.rate()).put("p50_ms", run.p50()).put("p99_ms", run.p99())
                            .put("checked", run.checked());
                    if (!Double.isNaN(run.peakRssMib())) {
                        r.put("peak_rss_mib", run.peakRssMib());
                    }
                } else {
                    r.put("status", "FAILED").put("failure", run.failure());
                }
            }
        }
        ArrayNode ratios = root.putArray("ceiling_ratios");
        ratios().forEach(ratios::add);
        ObjectNode verification = root.putObject("verification");
        verification.put("runs", totalRuns());
        verification.put("failed_runs", failures().size() - otherFailures.size());
        verification.put("warm_up_failed", !otherFailures.isEmpty());
        verification.put("all_verified", allVerified());
        ArrayNode failures = verification.putArray("failures");
        failures().forEach(failures::add);
        return root;
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + Math.round(memoryGib()) + " GiB";
    }

    private static double memoryGib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException ignored) {
            // not Linux: unknown
        }
        return Double.NaN;
    }

    private static String pad(String text, int width, boolean right) {
        String padding = " ".repeat(Math.max(0, width - text.length()));
        return right ? padding + text : text + padding;
    }
}

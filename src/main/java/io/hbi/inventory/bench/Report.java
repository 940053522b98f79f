package io.hbi.inventory.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** The figures of a benchmark run: medians over the runs, as a text table and as JSON. */
final class Report {

    private final ObjectMapper json;
    private final List<Scenarios.Result> results;
    private final int runs;

    Report(ObjectMapper json, List<Scenarios.Result> results, int runs) {
        this.json = json;
        this.results = results;
        this.runs = runs;
    }

    static double median(List<Scenarios.Run> runs, ToDoubleFunction<Scenarios.Run> figure) {
        double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    static double peak(List<Scenarios.Run> runs) {
        return runs.stream().mapToDouble(Scenarios.Run::peakRssMib).filter(v -> !Double.isNaN(v)).max()
                .orElse(Double.NaN);
    }

    String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "table", "load", "rate", "p50 ms", "p99 ms", "peak RSS MiB"});
        for (Scenarios.Result result : results) {
            int errors = result.runs().stream().mapToInt(Scenarios.Run::errors).sum();
            rows.add(new String[] {result.scenario(), result.table(), result.load(),
                    String.format("%,.0f %s", median(result.runs(), Scenarios.Run::rate), result.unit().split(" ")[0])
                            + (errors == 0 ? "" : " (" + errors + " errors)"),
                    String.format("%.1f", median(result.runs(), Scenarios.Run::p50)),
                    String.format("%.1f", median(result.runs(), Scenarios.Run::p99)),
                    Double.isNaN(peak(result.runs())) ? "–" : String.format("%.0f", peak(result.runs()))});
        }
        StringBuilder out = new StringBuilder();
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int c = 0; c < widths.length; c++) {
                String cell = rows.get(r)[c];
                boolean number = c >= 3 && r > 0;
                out.append(' ').append(number ? pad(cell, widths[c], true) : pad(cell, widths[c], false)).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (int c = 0; c < widths.length; c++) {
                    out.append(c >= 3 ? "-".repeat(widths[c] + 1) + ":|" : "-".repeat(widths[c] + 2) + "|");
                }
                out.append('\n');
            }
        }
        ratios().forEach(line -> out.append('\n').append(line));
        out.append("\nMedians of ").append(runs).append(" run(s); p50/p99: per request (REST, queries), per message from"
                + " produced to its event seen (Kafka), per transaction (ceiling). Peak RSS: the service's VmHWM"
                + " during the runs.\n");
        return out.toString();
    }

    /** Kafka ingestion as a fraction of the JDBC ceiling at the same table size. */
    List<String> ratios() {
        List<String> lines = new ArrayList<>();
        for (Scenarios.Result kafka : results) {
            String ceilingName = kafka.scenario().equals("Kafka ingestion, new hosts") ? "JDBC ceiling, new rows"
                    : kafka.scenario().equals("Kafka ingestion, updates") ? "JDBC ceiling, updated rows" : null;
            if (ceilingName == null) {
                continue;
            }
            find(ceilingName, kafka.table()).ifPresent(ceiling -> lines.add(String.format(
                    "%s at %s: %.0f%% of the JDBC ceiling (%,.0f of %,.0f per second)", kafka.scenario(), kafka.table(),
                    100 * median(kafka.runs(), Scenarios.Run::rate) / median(ceiling.runs(), Scenarios.Run::rate),
                    median(kafka.runs(), Scenarios.Run::rate), median(ceiling.runs(), Scenarios.Run::rate))));
        }
        return lines;
    }

    private Optional<Scenarios.Result> find(String scenario, String table) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.table().equals(table)).findFirst();
    }

    ObjectNode json(LocalDate date) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("date", date.toString());
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_gib", memoryGib());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.version"));
        root.put("runs", runs);
        ArrayNode scenarios = root.putArray("results");
        for (Scenarios.Result result : results) {
            ObjectNode node = scenarios.addObject();
            node.put("scenario", result.scenario());
            node.put("table", result.table());
            node.put("load", result.load());
            node.put("unit", result.unit());
            node.put("rate", median(result.runs(), Scenarios.Run::rate));
            node.put("p50_ms", median(result.runs(), Scenarios.Run::p50));
            node.put("p99_ms", median(result.runs(), Scenarios.Run::p99));
            double peak = peak(result.runs());
            if (!Double.isNaN(peak)) {
                node.put("peak_rss_mib", peak);
            }
            ArrayNode each = node.putArray("runs");
            for (Scenarios.Run run : result.runs()) {
                ObjectNode r = each.addObject().put("rate", run.rate()).put("p50_ms", run.p50()).put("p99_ms", run.p99())
                        .put("errors", run.errors());
                if (!Double.isNaN(run.peakRssMib())) {
                    r.put("peak_rss_mib", run.peakRssMib());
                }
            }
        }
        ArrayNode ratios = root.putArray("ceiling_ratios");
        ratios().forEach(ratios::add);
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

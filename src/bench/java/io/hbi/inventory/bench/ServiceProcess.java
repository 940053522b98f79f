package io.hbi.inventory.bench;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service under test: the production jar ({@link #productionJar()}) started as a separate production-mode
 * process ({@code serve}), its logs in a file, its peak resident memory read from /proc. It can be stopped and
 * started again on the same port (after a run that left it stuck).
 */
final class ServiceProcess implements AutoCloseable {

    private final ProcessBuilder builder;
    private final Path log;
    private final String baseUrl;
    private Process process;

    private ServiceProcess(ProcessBuilder builder, Path log, String baseUrl) {
        this.builder = builder;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts the service and returns once /health answers 200 (bounded). */
    static ServiceProcess start(Map<String, String> environment, List<String> jvmOptions, Path log, int port)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(productionJar().toString());
        command.add("io.hbi.inventory.Application");
        command.add("serve");
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("LISTEN_PORT", String.valueOf(port));
        ServiceProcess service = new ServiceProcess(builder, log, "http://localhost:" + port);
        service.startProcess();
        return service;
    }

    /**
     * The production jar the service runs from: the system property {@code inventory.jar} when set, else
     * {@code host-inventory.jar} in the folder that holds the harness ({@code target/} for both
     * {@code target/host-inventory-bench.jar} and the test suite's {@code target/test-classes}).
     *
     * @throws IllegalStateException when there is no such file
     */
    static Path productionJar() {
        Path jar;
        String named = System.getProperty("inventory.jar");
        if (named != null) {
            jar = Path.of(named);
        } else {
            try {
                Path harness = Path.of(
                        ServiceProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                jar = harness.toAbsolutePath().getParent().resolve("host-inventory.jar");
            } catch (URISyntaxException e) {
                throw new IllegalStateException("Cannot locate the harness's own jar", e);
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No production jar at " + jar + ": build it (mvn -q -B package -DskipTests)"
                    + " or name it with -Dinventory.jar=<path>");
        }
        return jar;
    }

    private void startProcess() throws IOException, InterruptedException {
        process = builder.start();
        awaitHealthy(Duration.ofSeconds(90), log);
    }

    /** Stops the service (SIGTERM, then SIGKILL after 30 s); {@link #start()} starts it again, logging to the same file. */
    void stop() {
        close();
    }

    /** Starts the service again after {@link #stop()}; returns once /health answers 200 (bounded). */
    void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("The service is running");
        }
        startProcess();
    }

    Path log() {
        return log;
    }

    String baseUrl() {
        return baseUrl;
    }

    private void awaitHealthy(Duration timeout, Path log) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                List<String> lines = Files.readAllLines(log);
                throw new IllegalStateException("The service exited (" + process.exitValue() + "): "
                        + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        close();
        throw new IllegalStateException("The service did not become healthy within " + timeout + "; see " + log);
    }

    /** The peak resident set size since the start or the last {@link #resetPeakMemory()}, in MiB (VmHWM). */
    double peakMemoryMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    /** Starts a new peak (Linux: writing 5 to clear_refs resets VmHWM); false when not allowed here. */
    boolean resetPeakMemory() {
        File clearRefs = new File("/proc/" + process.pid() + "/clear_refs");
        try {
            Files.writeString(clearRefs.toPath(), "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

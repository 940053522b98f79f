package io.hbi.inventory.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * A bounded closed-loop HTTP load: {@code clients} threads each send requests back to back until {@code total}
 * requests were sent or the time limit passed; every latency is kept for exact percentiles. A request that fails
 * (an unexpected status, no answer, a timeout) is an error, never an exception out of the load. Loopback only.
 */
public final class HttpLoad {

    /**
     * The outcome: requests sent, errors (unexpected statuses, failed or unsent requests) with the first one
     * described, wall time, latency percentiles in milliseconds, and the answers' bodies when they were kept.
     */
    public record Result(int requests, int errors, String firstError, double seconds, double p50, double p99,
                         String[] bodies) {
        public double perSecond() {
            return requests / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@link #run(IntFunction, int, int, int, Duration, boolean)} without bodies, within 10 minutes. */
    public Result run(IntFunction<HttpRequest> request, int expected, int clients, int total) throws Exception {
        return run(request, expected, clients, total, Duration.ofMinutes(10), false);
    }

    /**
     * @param request    builds the i-th request
     * @param expected   the status every answer should have
     * @param limit      no request is sent after this time; those left count as errors
     * @param keepBodies keep every answer's body (as text), to be checked after the load
     */
    public Result run(IntFunction<HttpRequest> request, int expected, int clients, int total, Duration limit,
                      boolean keepBodies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        long[] latencies = new long[total];
        String[] bodies = keepBodies ? new String[total] : null;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        if (System.nanoTime() > deadline) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "request " + i + " not sent within " + limit);
                            continue;
                        }
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = http.send(request.apply(i), keepBodies
                                    ? HttpResponse.BodyHandlers.ofString()
                                    : HttpResponse.BodyHandlers.<String>replacing(null));
                            latencies[i] = System.nanoTime() - sent;
                            if (keepBodies) {
                                bodies[i] = response.body();
                            }
                            if (response.statusCode() != expected) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, "request " + i + ": status " + response.statusCode()
                                        + " instead of " + expected);
                            }
                        } catch (IOException e) {
                            latencies[i] = System.nanoTime() - sent;
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, "request " + i + ": " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        return new Result(total, errors.get(), firstError.get(), seconds, percentile(latencies, 0.50),
                percentile(latencies, 0.99), bodies);
    }

    /** One request, its body returned only if the status is {@code expected}; otherwise an exception names it. */
    public String fetch(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(request.uri() + ": status " + response.statusCode() + " instead of " + expected
                    + ": " + abbreviate(response.body()));
        }
        return response.body();
    }

    public static HttpRequest.Builder get(String url, String identity) {
        return HttpRequest.newBuilder(URI.create(url)).header("x-rh-identity", identity).timeout(Duration.ofSeconds(30)).GET();
    }

    static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}

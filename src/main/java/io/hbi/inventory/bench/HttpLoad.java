package io.hbi.inventory.bench;

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
import java.util.function.IntFunction;

/**
 * A bounded closed-loop HTTP load: {@code clients} threads each send requests back to back until {@code total}
 * requests were sent; every latency is kept for exact percentiles. Loopback only.
 */
public final class HttpLoad {

    /** The outcome: requests, errors (non-expected statuses), wall time and latency percentiles in milliseconds. */
    public record Result(int requests, int errors, double seconds, double p50, double p99) {
        public double perSecond() {
            return requests / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param request    builds the i-th request
     * @param expected   the status every answer should have
     */
    public Result run(IntFunction<HttpRequest> request, int expected, int clients, int total) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] latencies = new long[total];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        HttpResponse<Void> response = http.send(request.apply(i), HttpResponse.BodyHandlers.discarding());
                        latencies[i] = System.nanoTime() - sent;
                        if (response.statusCode() != expected) {
                            errors.incrementAndGet();
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
        return new Result(total, errors.get(), seconds, percentile(latencies, 0.50), percentile(latencies, 0.99));
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
}

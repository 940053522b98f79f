package io.hbi.inventory.bench;

/**
 * Interim measurement tool until the benchmark harness exists: 8 clients send 2,000 GETs per query (after 200 to
 * warm up) to a running service on localhost:8080 with the dev identity, and print requests/s, p50 and p99.
 * <pre>java -cp target/host-inventory.jar io.hbi.inventory.bench.QueryProbe "/hosts?per_page=50" ...</pre>
 */
public final class QueryProbe {

    static final String DEV_IDENTITY = io.hbi.inventory.dev.DevMode.DEV_IDENTITY;

    private QueryProbe() {
    }

    public static void main(String[] queries) throws Exception {
        String base = "http://localhost:8080/api/inventory/v1";
        HttpLoad load = new HttpLoad();
        for (String query : queries) {
            load.run(i -> HttpLoad.get(base + query, DEV_IDENTITY).build(), 200, 8, 200);
            HttpLoad.Result result = load.run(i -> HttpLoad.get(base + query, DEV_IDENTITY).build(), 200, 8, 2000);
            System.out.printf("%-60s %7.0f req/s  p50 %6.1f ms  p99 %6.1f ms  errors %d%n", query, result.perSecond(),
                    result.p50(), result.p99(), result.errors());
        }
    }
}

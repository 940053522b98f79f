package io.hbi.inventory;

import java.util.concurrent.CountDownLatch;

/** How a long-running command ends: when the JVM is asked to stop (SIGTERM, Ctrl-C). */
public final class Shutdown {

    private Shutdown() {
    }

    /**
     * Blocks until the JVM is asked to stop; then runs {@code stop} before the JVM exits, so in-flight work can
     * finish and the dev-mode servers go down after the routes that use them.
     */
    public static void await(Runnable stop) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop.run();
            } finally {
                stopped.countDown();
            }
        }, "inventory-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

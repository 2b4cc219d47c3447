package dev.ststoken.junit.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ststoken.junit.StsEmulatorExtension;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * The test library's figures for bench/library.sh, one line each, tab-separated ({@code name value
 * unit}):
 *
 * <ul>
 *   <li>{@code fresh N}: time to a ready emulator with fresh state in this running JVM, started and
 *       stopped N times after a first one (which pays for class loading): median, p10, p90;
 *   <li>{@code memory N}: the heap N running emulators hold, per emulator (heap used after GC with
 *       N started, minus before, over N);
 *   <li>{@code junit}: the 500-test class with a fresh emulator per test, then the same class with
 *       one shared instance, each run through the JUnit Platform after a warm-up run of the other.
 * </ul>
 */
public final class LibraryBench {
    private LibraryBench() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "fresh" -> fresh(Integer.parseInt(args[1]));
            case "memory" -> memory(Integer.parseInt(args[1]));
            case "junit" -> junit();
            default -> throw new IllegalArgumentException("fresh N | memory N | junit");
        }
    }

    static void fresh(int runs) {
        try (StsEmulatorExtension first = StsEmulatorExtension.create()) {
            first.start();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            StsEmulatorExtension sts = StsEmulatorExtension.create();
            sts.start();
            nanos[i] = System.nanoTime() - start;
            sts.close();
        }
        Arrays.sort(nanos);
        System.out.printf("fresh_median\t%.2f\tms%n", nanos[runs / 2] / 1e6);
        System.out.printf("fresh_p10\t%.2f\tms%n", nanos[runs / 10] / 1e6);
        System.out.printf("fresh_p90\t%.2f\tms%n", nanos[runs * 9 / 10] / 1e6);
    }

    static void memory(int count) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (StsEmulatorExtension first = StsEmulatorExtension.create()) {
            first.start();
        }
        long before = usedAfterGc(memory);
        List<StsEmulatorExtension> running = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            running.add(StsEmulatorExtension.create().start());
        }
        long after = usedAfterGc(memory);
        System.out.printf("heap_per_emulator\t%.0f\tKiB%n", (after - before) / 1024.0 / count);
        System.out.printf("threads_with_emulators\t%d\tthreads%n", Thread.activeCount());
        running.forEach(StsEmulatorExtension::close);
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    static void junit() {
        Class<?> fresh = FiveHundredTests.FreshPerTestBench.class;
        Class<?> shared = FiveHundredTests.SharedPerClassBench.class;
        run(shared);
        run(fresh);
        long sharedMillis = run(shared);
        long freshMillis = run(fresh);
        System.out.printf("junit_500_shared\t%d\tms%n", sharedMillis);
        System.out.printf("junit_500_fresh\t%d\tms%n", freshMillis);
    }

    private static long run(Class<?> testClass) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        long start = System.nanoTime();
        launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(testClass))
                        .build(),
                summary);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (summary.getSummary().getTotalFailureCount() != 0
                || summary.getSummary().getTestsSucceededCount() != 500) {
            summary.getSummary().printFailuresTo(new java.io.PrintWriter(System.err, true), 5);
            throw new IllegalStateException(testClass.getSimpleName() + ": not 500 passing tests");
        }
        return millis;
    }
}

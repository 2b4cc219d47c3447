package dev.ststoken.server;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The credential server's log, written by one thread of its own. Any local user can make the server
 * refuse requests, so a connection's thread never writes the log itself: a log that blocks (a stderr
 * nobody reads, a terminal stopped with Ctrl-S) would block the refused connections, which then hold
 * their slots. Lines go to a bounded queue; when it is full they are dropped and counted, and the
 * count is said once the writer catches up. Refusals are rate-limited: the first
 * {@link #REFUSALS_PER_WINDOW} of each window are said, the rest only counted in one summary line, so
 * a flood of refused requests writes a few lines a minute, not one per request.
 */
final class ServerLog implements AutoCloseable {
    /** Refusals said in full per window; then one summary line with a count. */
    static final int REFUSALS_PER_WINDOW = 5;
    /** Lines waiting for the writer; past this they are dropped and counted. */
    static final int QUEUE = 64;

    private final PrintStream out;
    private final long windowNanos;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong lost = new AtomicLong();
    private final Thread writer;

    /** Guarded by this. */
    private long windowStart;
    /** Guarded by this. */
    private int refusalsInWindow;
    /** Refusals counted but not said in this window. Guarded by this. */
    private long suppressed;
    /** The last "no session" line said, so a failing source is not said again for every retry. Guarded by this. */
    private String lastProblem;

    ServerLog(PrintStream out, long windowNanos) {
        this.out = out;
        this.windowNanos = windowNanos;
        this.windowStart = System.nanoTime();
        this.writer = new Thread(this::write, "credential-server-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** A refused request or connection: said in full only within the window's allowance. */
    void refusal(String line) {
        String summary;
        boolean say;
        synchronized (this) {
            summary = rollWindow(System.nanoTime());
            say = refusalsInWindow < REFUSALS_PER_WINDOW;
            if (say) {
                refusalsInWindow++;
            } else {
                suppressed++;
            }
        }
        if (summary != null) {
            enqueue(summary);
        }
        if (say) {
            enqueue(line);
        }
    }

    /** A failure to get a session: said once until it changes or a session is served again. */
    void problem(String line) {
        synchronized (this) {
            if (line.equals(lastProblem)) {
                return;
            }
            lastProblem = line;
        }
        enqueue(line);
    }

    /** A session was served: the next failure is news again. */
    void served() {
        synchronized (this) {
            lastProblem = null;
        }
    }

    /** Refusals counted but not said (tests). */
    synchronized long suppressed() {
        return suppressed;
    }

    /** Lines dropped because the queue was full (tests). */
    long lost() {
        return lost.get();
    }

    private void enqueue(String line) {
        if (!queue.offer(line)) {
            lost.incrementAndGet();
        }
    }

    /** Starts a new window when the current one is over, returning its summary line or null. Holds this. */
    private String rollWindow(long now) {
        if (now - windowStart < windowNanos) {
            return null;
        }
        windowStart = now;
        refusalsInWindow = 0;
        if (suppressed == 0) {
            return null;
        }
        String summary = "sts-session-token: credential server: refused " + suppressed + " more request"
                + (suppressed == 1 ? "" : "s") + " in the last " + describe(windowNanos) + " (not each logged)";
        suppressed = 0;
        return summary;
    }

    private static String describe(long nanos) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos);
        return seconds == 60 ? "minute" : seconds >= 1 ? seconds + " s" : TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
    }

    private void write() {
        while (true) {
            String line;
            try {
                line = queue.poll(windowNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // close(): what is still queued is written first, by this thread, so a caller never
                // blocks on an output nobody reads. The last refusals before a server stops are the
                // ones its owner looks for (they were lost when the writer only stopped).
                for (String rest = queue.poll(); rest != null; rest = queue.poll()) {
                    out.println(rest);
                }
                out.flush();
                return;
            }
            String summary;
            synchronized (this) {
                // A flood that stopped is still summed up at the end of its window.
                summary = rollWindow(System.nanoTime());
            }
            long dropped = lost.getAndSet(0);
            if (dropped > 0) {
                out.println("sts-session-token: credential server: " + dropped + " log line" + (dropped == 1 ? "" : "s")
                        + " dropped (the log was not keeping up)");
            }
            if (summary != null) {
                out.println(summary);
            }
            if (line != null) {
                out.println(line);
            }
        }
    }

    /**
     * Stops the writer once it has written what was queued. A writer stuck on its output (a full pipe
     * nobody reads) is left behind with its lines: closing waits on the log for a moment at most.
     */
    @Override
    public void close() {
        writer.interrupt();
        try {
            writer.join(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.ststoken.cli;

import dev.ststoken.cache.SessionCache;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.Html;
import dev.ststoken.internal.TrustedDirectories;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Opens a URL that holds a secret (the console sign-in token) in the browser without putting it on
 * any command line (an OAuth authorization URL goes the same way: it holds no secret, but its state
 * and PKCE challenge would let another local user start a sign-in this process would take, see
 * {@code dev.ststoken.oauth}): {@code xdg-open URL} left the token in {@code /proc/PID/cmdline} of the opener and
 * of the browser, readable by every local user, who could replay it. Instead the URL goes into a page
 * in a private directory (0600 file, 0700 directory), the browser is given the page's {@code file:}
 * URL, and the page forwards the browser to the real URL. The page is removed once the browser has
 * read it; pages a browser never read are removed by the next run after the token's 15 minutes.
 */
final class BrowserPage {
    /** The federation sign-in token's lifetime: a page older than this holds nothing usable. */
    static final Duration STALE_AFTER = Duration.ofMinutes(15);

    private static final String PREFIX = "open-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> env;
    private final Path home;
    private final Clock clock;
    private final Duration readWait;
    private final String browser;
    private final boolean privateWindow;

    BrowserPage(Map<String, String> env, Path home, Clock clock, Duration readWait) {
        this(env, home, clock, readWait, null, false);
    }

    private BrowserPage(
            Map<String, String> env, Path home, Clock clock, Duration readWait, String browser, boolean privateWindow) {
        this.env = env;
        this.home = home;
        this.clock = clock;
        this.readWait = readWait;
        this.browser = browser;
        this.privateWindow = privateWindow;
    }

    /**
     * The same page opened by {@code browser} (firefox, chromium or a command, as {@code $BROWSER}
     * entries are written; null: {@code $BROWSER}, else the system's opener), in a private window
     * when {@code privateWindow}.
     */
    BrowserPage using(String browser, boolean privateWindow) {
        return new BrowserPage(env, home, clock, readWait, browser, privateWindow);
    }

    /**
     * {@code $XDG_RUNTIME_DIR/sts-session-token} (a per-user tmpfs, gone at logout) when there is one,
     * else {@code open/} in the session cache directory.
     */
    Path directory() {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null
                && !runtime.isEmpty()
                && Path.of(runtime).isAbsolute()
                && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime).resolve("sts-session-token");
        }
        return SessionCache.defaultDir(env, home).resolve("open");
    }

    /**
     * The command that opens a {@code file:} URL: the browser given (see {@link #using}), else the
     * first entry of {@code $BROWSER} (the convention xdg-open and Python's webbrowser follow;
     * {@code %s} stands for the URL, else it is appended), else {@code open} on macOS and
     * {@code xdg-open} elsewhere. {@code chromium} is the first of chromium, chromium-browser and
     * google-chrome on PATH. With a private window, the browser's own flag follows its name.
     *
     * @throws UsageException for a private window with a program whose flag for one is not known
     */
    List<String> command(String pageUrl) throws UsageException {
        String spec = browser != null
                ? browser.strip()
                : env.getOrDefault("BROWSER", "").strip().split(":", -1)[0].strip();
        List<String> words = new ArrayList<>();
        for (String word : spec.split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        if (words.isEmpty()) {
            words.add(System.getProperty("os.name", "").startsWith("Mac") ? "open" : "xdg-open");
        } else if (words.size() == 1 && words.get(0).equals("chromium")) {
            words.set(0, onPath(List.of("chromium", "chromium-browser", "google-chrome")));
        } else {
            words.set(0, onPath(List.of(words.get(0))));
        }
        if (privateWindow) {
            String flag = privateFlag(words.get(0));
            if (flag == null) {
                throw new UsageException("--private: the private-window flag of '" + words.get(0) + "' is not known; "
                        + "use --browser firefox or chromium, or put the browser's own flag in --browser");
            }
            if (!words.contains(flag)) {
                words.add(1, flag);
            }
        }
        List<String> command = new ArrayList<>();
        boolean placed = false;
        for (String word : words) {
            if (word.contains("%s")) {
                command.add(word.replace("%s", pageUrl));
                placed = true;
            } else {
                command.add(word);
            }
        }
        if (!placed) {
            command.add(pageUrl);
        }
        return command;
    }

    /** The flag for a private window of the browser {@code program} runs, by its file name; null when not known. */
    static String privateFlag(String program) {
        String name = program.substring(program.lastIndexOf('/') + 1);
        if (name.startsWith("firefox") || name.equals("librewolf") || name.equals("iceweasel")) {
            return "--private-window";
        }
        if (name.startsWith("chromium")
                || name.startsWith("google-chrome")
                || name.equals("chrome")
                || name.startsWith("brave")
                || name.equals("vivaldi")) {
            return "--incognito";
        }
        if (name.startsWith("microsoft-edge") || name.equals("msedge")) {
            return "--inprivate";
        }
        return null;
    }

    /**
     * The first of {@code names} found on this run's PATH, as a path (the JDK would search the JVM's
     * own PATH); a name with a slash as it is; else the first name, whose failure to start names it.
     */
    private String onPath(List<String> names) {
        for (String name : names) {
            if (name.contains("/")) {
                return name;
            }
            for (String dir : env.getOrDefault("PATH", "").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                    return Path.of(dir, name).toString();
                }
            }
        }
        return names.get(0);
    }

    /** The page: a refresh to {@code target}, no script, no external asset, no referrer sent on. */
    static String html(URI target) {
        return html(target, "Signing in to the AWS console", "Continue to the AWS console");
    }

    static String html(URI target, String title, String link) {
        String url = Html.escape(target.toString());
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"referrer\" content=\"no-referrer\">\n"
                + "<meta http-equiv=\"refresh\" content=\"0;url=" + url + "\">\n"
                + "<title>" + Html.escape(title) + "</title></head>\n"
                + "<body><p><a href=\"" + url + "\">" + Html.escape(link) + "</a></p></body></html>\n";
    }

    /**
     * Writes the page, runs the opener on its {@code file:} URL and waits for the opener to end, then
     * for the browser to read the page (its access time moves past its write) up to the read wait, and
     * removes it. Returns the opener's exit code.
     */
    int open(URI target) throws IOException, InterruptedException, UsageException {
        return open(target, html(target));
    }

    /** {@link #open(URI)} with the page's own title and link text (an authorization page, say). */
    int open(URI target, String title, String link) throws IOException, InterruptedException, UsageException {
        return open(target, html(target, title, link));
    }

    private int open(URI target, String pageText) throws IOException, InterruptedException, UsageException {
        List<String> command = command("file:");
        Path dir = TrustedDirectories.ensure(directory());
        removeStale(dir);
        Path page = dir.resolve(PREFIX + HexFormat.of().formatHex(randomBytes()) + ".html");
        AtomicFiles.write(page, pageText);
        try {
            FileTime written =
                    Files.readAttributes(page, BasicFileAttributes.class).lastAccessTime();
            Process process;
            try {
                command = command(page.toUri().toString());
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw new OpenerNotStarted(e);
            }
            process.getOutputStream().close();
            int code = process.waitFor();
            if (code == 0) {
                awaitRead(page, written);
            }
            return code;
        } finally {
            Files.deleteIfExists(page);
        }
    }

    /**
     * Access time is the one sign that the browser (a separate, possibly already running process) has
     * loaded the page. Under {@code relatime}, the Linux default, the first read of a fresh file moves
     * it; on a {@code noatime} mount the wait runs out and the page goes anyway.
     */
    private void awaitRead(Path page, FileTime written) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + readWait.toNanos();
        while (System.nanoTime() < deadline) {
            FileTime accessed =
                    Files.readAttributes(page, BasicFileAttributes.class).lastAccessTime();
            if (accessed.compareTo(written) > 0) {
                Thread.sleep(200); // the browser reads the page once; let it finish that read
                return;
            }
            Thread.sleep(50);
        }
    }

    private void removeStale(Path dir) {
        Instant cutoff = clock.instant().minus(STALE_AFTER);
        try (DirectoryStream<Path> pages = Files.newDirectoryStream(dir, PREFIX + "*.html")) {
            for (Path old : pages) {
                if (Files.getLastModifiedTime(old).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(old);
                }
            }
        } catch (IOException e) {
            // leftovers are private to us; failing to sweep them must not stop the sign-in
        }
    }

    /** The opener could not be started at all (missing, not executable). */
    static final class OpenerNotStarted extends IOException {
        private static final long serialVersionUID = 1L;

        OpenerNotStarted(IOException cause) {
            super(cause);
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

package dev.ststoken.cli;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sso command's tests share: the emulator's Identity Center in-process over real HTTP, a
 * config with the sso-session corp and its profile dev, a CLI run whose stderr can be read while it
 * runs, the demo user's password and a fresh TOTP code, and a $BROWSER stand-in that hands the test
 * the forwarding page.
 */
abstract class SsoCliFixture {
    @TempDir
    Path home;

    /** Its emulator; the tests use the running Emulator's Identity Center (emulator.identityCenter()). */
    @RegisterExtension
    final StsEmulatorExtension sts = StsEmulatorExtension.create();

    Emulator emulator;
    Path state;

    @BeforeEach
    void start() throws Exception {
        emulator = sts.emulator();
        state = emulator.stateDir();
        emulator.identityCenter();
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                # the team's settings
                [profile dev]
                sso_session = corp
                sso_account_id = %s
                sso_role_name = Demo
                region = us-east-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.example/start
                sso_region = us-east-1
                sso_registration_scopes = sso:account:access
                """.formatted(emulator.accountId()));
    }

    CliRun cli() {
        CliRun cli = new CliRun(home);
        cli.env.put("AWS_ENDPOINT_URL_SSO", emulator.endpoint().toString());
        cli.env.put("AWS_ENDPOINT_URL_SSO_OIDC", emulator.endpoint().toString());
        cli.env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        return cli;
    }

    /** A CLI run on its own thread, its stderr readable while it runs. */
    record Running(CompletableFuture<Integer> exit, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }

        CliRun.Result result() throws Exception {
            int code = exit.get(60, TimeUnit.SECONDS);
            return new CliRun.Result(code, out.toString(StandardCharsets.UTF_8), stderr());
        }
    }

    Running runAsync(CliRun cli, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new Cli(
                        new java.io.ByteArrayInputStream(new byte[0]),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        cli.env,
                        cli.clock,
                        home)
                .run(args));
        return new Running(exit, out, err);
    }

    static String waitFor(java.util.function.Supplier<String> text, Pattern pattern) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Matcher m = pattern.matcher(text.get());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never saw " + pattern + " in: " + text.get());
    }

    String password() throws Exception {
        return Files.readString(state.resolve("sso-demo-password.txt")).strip();
    }

    String totp() throws Exception {
        byte[] seed = Base32.decode(
                Files.readString(state.resolve("sso-demo-mfa-seed.txt")).strip());
        long step = Math.max(
                Totp.step(sts.clock().instant()),
                emulator.identityCenter().directory().lastUsedStep("sso-demo") + 1);
        return Totp.code(seed, step);
    }

    Path cacheDir() {
        return home.resolve(".aws/sso/cache");
    }

    Map<String, String> cacheFiles() throws Exception {
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(cacheDir())) {
            try (Stream<Path> list = Files.list(cacheDir())) {
                for (Path f : list.toList()) {
                    files.put(f.getFileName().toString(), Files.readString(f));
                }
            }
        }
        return files;
    }

    /** A $BROWSER that copies the page it is given where the test reads it. */
    void browserStandIn(CliRun cli) throws Exception {
        Path script = home.resolve("browser.sh");
        Files.writeString(
                script,
                "#!/bin/sh\ncp \"${1#file://}\" \"" + home.resolve("page.html") + ".tmp\" && mv \""
                        + home.resolve("page.html") + ".tmp\" \"" + home.resolve("page.html") + "\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        cli.env.put("BROWSER", script.toString());
    }

    /** The URL the forwarding page sends the browser to. */
    URI pageTarget() throws Exception {
        Path page = home.resolve("page.html");
        String url = waitFor(
                () -> {
                    try {
                        return Files.exists(page) ? Files.readString(page) : "";
                    } catch (java.io.IOException e) {
                        return "";
                    }
                },
                Pattern.compile("content=\"0;url=([^\"]+)\""));
        return URI.create(url.replace("&amp;", "&"));
    }
}

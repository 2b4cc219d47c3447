package dev.ststoken.dist;

import dev.ststoken.config.IniFile;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsEndpoint;
import dev.ststoken.sts.TlsSettings;
import dev.ststoken.sts.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code sts-session-token serve --port 0} as a subprocess; the first stdout line gives the URL. */
final class ServeProcess implements AutoCloseable {
    final Process process;
    final URI endpoint;
    final Path stateDir;
    private final StringBuffer log = new StringBuffer();

    private ServeProcess(Process process, URI endpoint, Path stateDir) {
        this.process = process;
        this.endpoint = endpoint;
        this.stateDir = stateDir;
    }

    static ServeProcess start(Path launcher, Path stateDir, Map<String, String> env, String... extra) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(launcher.toString(), "serve", "--port", "0", "--state-dir", stateDir.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (IOException e) {
                        return null;
                    }
                })
                .get(60, TimeUnit.SECONDS);
        if (first == null || !first.startsWith("listening on ")) {
            process.destroyForcibly();
            throw new IllegalStateException("serve did not start: " + first + " / "
                    + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        ServeProcess serve = new ServeProcess(process, URI.create(first.substring("listening on ".length())), stateDir);
        Thread pump = new Thread(() -> {
            try (BufferedReader err =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    serve.log.append(line).append('\n');
                }
            } catch (IOException e) {
                // process ended
            }
        });
        pump.setDaemon(true);
        pump.start();
        return serve;
    }

    /**
     * Creates a role (as the emulator's root) whose trust policy names the demo user itself, so it
     * holds whether or not identity policies are enforced.
     */
    void createRoleTrustingDemo(String name) throws Exception {
        createRole(name, "");
    }

    /** The emulator's account id (from the demo user's MFA serial). */
    String account() throws Exception {
        return IniFile.read(stateDir.resolve("config"))
                .section("profile emulator-demo")
                .get("mfa_serial")
                .split(":")[4];
    }

    /**
     * Creates a role trusting the demo user, as {@link #createRoleTrustingDemo}, under {@code
     * condition} (a trust statement's {@code ,"Condition":{...}} member, or empty).
     */
    void createRole(String name, String condition) throws Exception {
        Map<String, String> root = IniFile.read(stateDir.resolve("credentials")).section("emulator-root");
        StsClient iam = new StsClient(new dev.ststoken.sts.QueryClient(
                new StsEndpoint(endpoint, "us-east-1"),
                TlsSettings.DEFAULT,
                Clock.systemUTC(),
                Transport.DEFAULT,
                "iam",
                "2010-05-08"));
        iam.call(
                "CreateRole",
                List.of(
                        Map.entry("RoleName", name),
                        Map.entry(
                                "AssumeRolePolicyDocument",
                                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                                        + "\"arn:aws:iam::" + account()
                                        + ":user/demo\"},\"Action\":\"sts:AssumeRole\"" + condition + "}]}")),
                new AwsCredentials(root.get("aws_access_key_id"), root.get("aws_secret_access_key"), null));
    }

    /** The access log so far: one line per request ("Action status keyId requestId"). */
    String log() {
        return log.toString();
    }

    long count(String action, int status) {
        return log().lines()
                .filter(l -> l.startsWith(action + " " + status + " "))
                .count();
    }

    /** SIGTERM, as a service manager stops it; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("serve did not stop on SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }
}

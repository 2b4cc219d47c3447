package dev.ststoken.awssdk;

import dev.ststoken.emulator.Emulator;
import dev.ststoken.junit.StsEmulatorExtension;
import dev.ststoken.junit.TestUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A profile {@code me} of the demo user of an {@link StsEmulatorExtension}'s emulator, with
 * {@code mfa_serial}, in shared files of a private home: what an application's user has on disk,
 * pointed at the emulator. The extension starts and stops the emulator.
 */
final class EmulatorProfile {
    static final String PROFILE = "me";

    final Emulator emulator;
    final TestUser demo;
    final Path home;
    final Path configFile;
    final Path credentialsFile;
    final Path cacheDir;
    private final Clock clock;

    private EmulatorProfile(StsEmulatorExtension sts, Path home) {
        this.emulator = sts.emulator();
        this.demo = sts.demo();
        this.home = home;
        this.configFile = home.resolve(".aws/config");
        this.credentialsFile = home.resolve(".aws/credentials");
        this.cacheDir = home.resolve("cache");
        this.clock = sts.clock();
    }

    /**
     * The profile under {@code dir/home}. The emulator judges codes and expiry by the extension's test
     * clock, the same one {@link #provider()} gets.
     */
    static EmulatorProfile of(StsEmulatorExtension sts, Path dir) throws IOException {
        EmulatorProfile profile = new EmulatorProfile(sts, dir.resolve("home"));
        profile.writeProfile("");
        return profile;
    }

    /** Writes {@code [profile me]} with the given extra lines (e.g. {@code mfa_process = ...}). */
    void writeProfile(String extraLines) throws IOException {
        Files.createDirectories(configFile.getParent());
        Files.writeString(
                configFile,
                "[profile " + PROFILE + "]\n"
                        + "region = eu-west-1\n"
                        + "endpoint_url = " + emulator.endpoint() + "\n"
                        + "mfa_serial = " + demo.mfa().serial() + "\n"
                        + "duration_seconds = 900\n"
                        + extraLines,
                StandardCharsets.UTF_8);
        Files.writeString(
                credentialsFile,
                "[" + PROFILE + "]\n"
                        + "aws_access_key_id = " + demo.credentials().accessKeyId() + "\n"
                        + "aws_secret_access_key = " + demo.credentials().secretAccessKey() + "\n",
                StandardCharsets.UTF_8);
    }

    /** Only what the provider needs: the shared files, the cache and the home, nothing of this machine's AWS setup. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", configFile.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentialsFile.toString());
        env.put("XDG_CACHE_HOME", cacheDir.toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        return env;
    }

    /** The demo device's code for the test clock's current step. */
    String currentCode() {
        return demo.mfa().code();
    }

    MfaSessionCredentialsProvider.Builder provider() {
        return MfaSessionCredentialsProvider.builder()
                .profileName(PROFILE)
                .environment(environment())
                .homeDirectory(home)
                .clock(clock);
    }

    long getSessionTokenCalls() {
        return emulator.actionCount("GetSessionToken");
    }
}

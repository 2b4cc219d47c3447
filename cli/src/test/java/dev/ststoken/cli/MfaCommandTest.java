package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.emulator.DemoIdentity;
import dev.ststoken.emulator.Emulator;
import dev.ststoken.emulator.EmulatorConfig;
import dev.ststoken.testing.MutableClock;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mfa against the emulator: the demo user removes its device (with an MFA session), then enrols a
 * new one; oathtool computes the codes from the seed that zbarimg reads back from the QR code.
 * The emulator's clock is moved a step ahead where a code must not repeat, instead of waiting.
 */
class MfaCommandTest {
    @TempDir
    Path home;

    Emulator emulator;
    DemoIdentity demo;
    MutableClock clock;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        clock = new MutableClock(Instant.now());
        emulator = Emulator.start(EmulatorConfig.forTests(Files.createTempDirectory("mfa-emulator"))
                .withMaxSkew(Duration.ofHours(1))
                .withClock(clock));
        demo = emulator.demoIdentity();
        env = KeyFixtures.baseEnv(home);
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[dev]\naws_access_key_id = " + demo.credentials().accessKeyId() + "\naws_secret_access_key = "
                        + demo.credentials().secretAccessKey() + "\n");
        Files.writeString(
                home.resolve(".aws/config"),
                "# mine\n[profile dev]\nendpoint_url = " + emulator.endpoint() + "\nmfa_serial = " + demo.mfaSerial()
                        + "\nregion = us-east-1\n\n[profile other]\nregion = eu-west-1\n");
    }

    @AfterEach
    void tearDown() {
        emulator.close();
    }

    KeyFixtures.Run mfa(Terminal terminal, String... args) {
        return KeyFixtures.run(env, home, context -> new MfaCommand(context, terminal).run(List.of(args)));
    }

    KeyFixtures.Run cli(String... args) {
        return KeyFixtures.run(
                env,
                home,
                context -> new Cli(
                                context.in(),
                                context.out(),
                                context.err(),
                                context.env(),
                                context.clock(),
                                context.home())
                        .run(args));
    }

    String nextCode(byte[] seed) {
        clock.advance(Duration.ofSeconds(30));
        return Totp.code(seed, Totp.step(clock.instant()));
    }

    void removeTheDemoDevice() {
        KeyFixtures.Run removed = mfa(
                new KeyFixtures.ScriptedTerminal(),
                "remove",
                "--profile",
                "dev",
                "--mfa-token",
                nextCode(demo.mfaSeed()));
        // AWS's self-management example policy (the demo user's) allows deactivating the device, not deleting it.
        assertThat(removed.exitCode()).as(removed.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(removed.stderr())
                .contains("deactivated MFA device " + demo.mfaSerial())
                .contains("the device still exists");
    }

    /** Two consecutive codes from oathtool for the seed, at the emulator's time. */
    List<String> oathtool(String seed) {
        Peers.require("oathtool");
        Processes.Result codes = Processes.run(
                List.of(
                        "oathtool",
                        "--totp",
                        "--base32",
                        "--window=1",
                        "--now",
                        clock.instant().toString().replace("T", " ").replace("Z", " UTC"),
                        seed),
                env,
                null,
                null,
                Duration.ofSeconds(30));
        assertThat(codes.exitCode()).as(codes.toString()).isZero();
        return List.of(codes.stdout().split("\n"));
    }

    static String zbarimg(Path png) {
        Peers.require("zbarimg");
        Processes.Result read = Processes.run(
                List.of("zbarimg", "--raw", "-q", png.toString()), null, null, null, Duration.ofSeconds(30));
        assertThat(read.exitCode()).as(read.toString()).isZero();
        return read.stdout().strip();
    }

    static String secretOf(String otpauthUri) {
        assertThat(otpauthUri).startsWith("otpauth://totp/");
        String query = otpauthUri.substring(otpauthUri.indexOf('?') + 1);
        for (String pair : query.split("&")) {
            if (pair.startsWith("secret=")) {
                return pair.substring("secret=".length());
            }
        }
        throw new AssertionError("no secret in " + otpauthUri);
    }

    /** Answers the two code prompts with oathtool's codes for the seed {@code seedFrom} finds. */
    class AuthenticatorApp extends KeyFixtures.ScriptedTerminal {
        private final java.util.function.Supplier<String> seedFrom;
        private List<String> codes;

        AuthenticatorApp(java.util.function.Supplier<String> seedFrom) {
            this.seedFrom = seedFrom;
        }

        @Override
        String next(String prompt) {
            if (codes == null) {
                codes = oathtool(seedFrom.get());
            }
            return prompt.startsWith("First") ? codes.get(0) : codes.get(1);
        }
    }

    @Test
    void enrolment_writes_a_qr_png_zbarimg_reads_and_oathtool_codes_enable_the_device_and_the_profile_gets_it()
            throws Exception {
        removeTheDemoDevice();
        assertThat(Files.readString(home.resolve(".aws/config"))).doesNotContain("mfa_serial");
        Path png = home.resolve("qr.png");
        AuthenticatorApp app = new AuthenticatorApp(() -> secretOf(zbarimg(png)));

        KeyFixtures.Run enrolled =
                mfa(app, "enroll", "--profile", "dev", "--device-name", "phone", "--qr-png", png.toString());

        assertThat(enrolled.exitCode()).as(enrolled.toString()).isZero();
        String serial = "arn:aws:iam::" + emulator.accountId() + ":mfa/phone";
        assertThat(enrolled.stdout()).contains("enabled MFA device " + serial);
        assertThat(Files.getPosixFilePermissions(png))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String seed = secretOf(zbarimg(png));
        assertThat(app.shown.toString()).as("the seed only when asked for").doesNotContain(seed);
        assertThat(Files.readString(home.resolve(".aws/config")))
                .isEqualTo("# mine\n[profile dev]\nendpoint_url = "
                        + emulator.endpoint() + "\nregion = us-east-1\nmfa_serial = " + serial
                        + "\n\n[profile other]\nregion = eu-west-1\n");

        KeyFixtures.Run list = mfa(new KeyFixtures.ScriptedTerminal(), "list", "--profile", "dev");
        assertThat(list.stdout()).contains(serial).contains("demo");
        clock.advance(Duration.ofSeconds(30)); // enabling spent the current and the next step
        KeyFixtures.Run get = cli(
                "get", "--profile", "dev", "--mfa-token", nextCode(Base32.decode(seed)), "-o", "credential-process");
        assertThat(get.exitCode()).as("a session with the new device: " + get).isZero();
    }

    @Test
    void the_qr_code_drawn_on_the_terminal_reads_back_and_the_seed_is_shown_on_request() throws Exception {
        removeTheDemoDevice();
        AuthenticatorApp app = new AuthenticatorApp(null) {
            @Override
            String next(String prompt) {
                String shown = this.shown.toString();
                int start = shown.indexOf("Secret seed (base32): ") + "Secret seed (base32): ".length();
                return oathtool(shown.substring(start, shown.indexOf('\n', start)))
                        .get(prompt.startsWith("First") ? 0 : 1);
            }
        };

        KeyFixtures.Run enrolled = mfa(app, "enroll", "--profile", "dev", "--device-name", "laptop", "--show-seed");

        assertThat(enrolled.exitCode()).as(enrolled.toString()).isZero();
        String shown = app.shown.toString();
        String drawing = shown.substring(shown.indexOf(":\n") + 2, shown.indexOf("Secret seed"));
        Path png = home.resolve("from-terminal.png");
        ImageIO.write(image(drawing), "png", png.toFile());
        String seed = shown.substring(shown.indexOf("Secret seed (base32): ") + 22)
                .lines()
                .findFirst()
                .orElseThrow();
        assertThat(secretOf(zbarimg(png)))
                .as("the drawing decodes to the device's seed")
                .isEqualTo(seed);
        assertThat(enrolled.stdout()).doesNotContain(seed);
    }

    /** Each character is two pixel rows (upper and lower half), scaled up; a full block is light. */
    static BufferedImage image(String drawing) {
        List<String> lines = drawing.lines().filter(l -> !l.isEmpty()).toList();
        int scale = 4;
        int width = lines.get(0).length();
        BufferedImage image = new BufferedImage(width * scale, lines.size() * 2 * scale, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < lines.size(); row++) {
            for (int col = 0; col < width; col++) {
                char c = lines.get(row).charAt(col);
                boolean upperLight = c == '\u2588' || c == '\u2580';
                boolean lowerLight = c == '\u2588' || c == '\u2584';
                for (int dy = 0; dy < 2 * scale; dy++) {
                    boolean light = dy < scale ? upperLight : lowerLight;
                    for (int dx = 0; dx < scale; dx++) {
                        image.setRGB(col * scale + dx, row * 2 * scale + dy, light ? 0xffffff : 0x000000);
                    }
                }
            }
        }
        return image;
    }

    @Test
    void mfa_remove_exits_1_and_says_so_when_iam_refuses_to_delete_the_device() throws Exception {
        String deny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Action\":\"iam:DeleteVirtualMFADevice\",\"Resource\":\"*\"}]}";
        new dev.ststoken.sts.StsClient(new dev.ststoken.sts.QueryClient(
                        new dev.ststoken.sts.StsEndpoint(emulator.endpoint(), "us-east-1"),
                        dev.ststoken.sts.TlsSettings.DEFAULT,
                        java.time.Clock.systemUTC(),
                        dev.ststoken.sts.Transport.DEFAULT,
                        "iam",
                        "2010-05-08"))
                .call(
                        "PutUserPolicy",
                        List.of(
                                Map.entry("UserName", "demo"),
                                Map.entry("PolicyName", "no-device-deletion"),
                                Map.entry("PolicyDocument", deny)),
                        emulator.rootCredentials());
        KeyFixtures.Run removed = mfa(
                new KeyFixtures.ScriptedTerminal(),
                "remove",
                "--profile",
                "dev",
                "--mfa-token",
                nextCode(demo.mfaSeed()));
        assertThat(removed.exitCode()).as(removed.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(removed.stderr())
                .contains("deactivated MFA device " + demo.mfaSerial())
                .contains("IAM refused to delete it (AccessDenied")
                .contains("the device still exists");
        assertThat(removed.stdout()).isEmpty();
    }

    @Test
    void an_mfa_serial_that_is_neither_an_arn_nor_a_hardware_serial_is_refused_before_any_request() throws Exception {
        Files.writeString(
                home.resolve(".aws/config"),
                "[profile dev]\nendpoint_url = " + emulator.endpoint() + "\nmfa_serial = not-an-arn\n");
        long before = emulator.requestCount();
        KeyFixtures.Run get = cli("get", "--profile", "dev", "--mfa-token", "123456");
        assertThat(get.exitCode()).as(get.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(get.stderr())
                .isEqualTo("sts-session-token: invalid MFA serial number 'not-an-arn': expected a device ARN like "
                        + "arn:aws:iam::123456789012:mfa/name, or a hardware token's serial (letters and digits, like "
                        + "GAHT12345678)\n");
        KeyFixtures.Run remove = mfa(
                new KeyFixtures.ScriptedTerminal(),
                "remove",
                "--profile",
                "dev",
                "--mfa-serial-number",
                "not-an-arn-either",
                "--mfa-token",
                "123456");
        assertThat(remove.exitCode()).as(remove.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(remove.stderr()).contains("invalid MFA serial number");
        assertThat(emulator.requestCount()).as("requests sent").isEqualTo(before);
    }
}

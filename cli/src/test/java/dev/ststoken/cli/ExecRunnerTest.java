package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command run by exec sees the session and none of the long-term credentials it was made from. */
class ExecRunnerTest {
    @TempDir
    Path tmp;

    @Test
    void every_variable_holding_a_long_term_key_is_removed_before_the_session_is_set() throws Exception {
        Map<String, String> base = new HashMap<>();
        base.put("PATH", System.getenv("PATH"));
        base.put("KEEP_ME", "yes");
        base.put("AWS_PROFILE", "me");
        base.put("AWS_DEFAULT_PROFILE", "me");
        for (String name : List.of(
                "AWS_ACCESS_KEY",
                "EC2_ACCESS_KEY",
                "AWS_SECRET_KEY",
                "EC2_SECRET_KEY",
                "AWS_SECURITY_TOKEN",
                "EC2_SECURITY_TOKEN",
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY",
                "AWS_SESSION_TOKEN",
                "AWS_CREDENTIAL_EXPIRATION")) {
            base.put(name, "LONG-TERM-" + name);
        }
        Map<String, String> session = new LinkedHashMap<>();
        session.put("AWS_ACCESS_KEY_ID", "ASIASESSION");
        session.put("AWS_SECRET_ACCESS_KEY", "session-secret");
        session.put("AWS_SESSION_TOKEN", "session-token");
        Path dump = tmp.resolve("env.txt");

        int exit = ExecRunner.run(List.of("/bin/sh", "-c", "env > \"$0\"", dump.toString()), base, session, System.err);

        assertThat(exit).isZero();
        List<String> env = Files.readAllLines(dump);
        assertThat(String.join("\n", env)).doesNotContain("LONG-TERM-");
        assertThat(env)
                .contains(
                        "KEEP_ME=yes",
                        "AWS_ACCESS_KEY_ID=ASIASESSION",
                        "AWS_SECRET_ACCESS_KEY=session-secret",
                        "AWS_SESSION_TOKEN=session-token",
                        "STS_SESSION_TOKEN_EXEC=1");
        assertThat(env)
                .noneMatch(line -> line.startsWith("AWS_PROFILE=")
                        || line.startsWith("AWS_DEFAULT_PROFILE=")
                        || line.startsWith("EC2_")
                        || line.startsWith("AWS_SECURITY_TOKEN=")
                        || line.startsWith("AWS_SECRET_KEY=")
                        || line.startsWith("AWS_ACCESS_KEY="));
    }

    @Test
    void a_command_that_cannot_be_found_or_run_exits_like_a_shell_does() throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream errStream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(ExecRunner.run(
                        List.of("no-such-command-here"), Map.of("PATH", "/usr/bin:/bin"), Map.of(), errStream))
                .isEqualTo(127);
        Path notExecutable = Files.writeString(tmp.resolve("script.sh"), "#!/bin/sh\n");
        assertThat(ExecRunner.run(List.of(notExecutable.toString()), Map.of(), Map.of(), errStream))
                .isEqualTo(126);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("no-such-command-here: command not found")
                .doesNotContain("Cannot run program");
    }

    /** The lookup that decides 127 or 126 after a failed start, without reading the JDK's exception text. */
    @Test
    void a_command_exists_when_its_path_or_a_path_directory_holds_a_file_of_that_name() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(bin.resolve("tool"), "not executable\n");
        assertThat(ExecRunner.exists("tool", tmp.resolve("none") + ":" + bin)).isTrue();
        assertThat(ExecRunner.exists("other", tmp.resolve("none") + ":" + bin)).isFalse();
        assertThat(ExecRunner.exists(bin.resolve("tool").toString(), "")).isTrue();
        assertThat(ExecRunner.exists(bin.resolve("missing").toString(), bin.toString()))
                .isFalse();
        // A name with a slash is never looked up on PATH, as execvp does not.
        assertThat(ExecRunner.exists("bin/tool", bin.toString())).isEqualTo(Files.exists(Path.of("bin/tool")));
        assertThat(ExecRunner.exists("", bin.toString())).isFalse();
        // No PATH at all: the system default, where sh lives.
        assertThat(ExecRunner.exists("sh", null)).isTrue();
    }
}

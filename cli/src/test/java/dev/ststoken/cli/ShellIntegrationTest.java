package dev.ststoken.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts in the real shells (bash's compgen/complete, fish's complete -C, zsh's
 * parser) and the man page in man(1): made from the option table, so every option a command
 * accepts completes, and profile names come from the user's config and credentials files.
 */
class ShellIntegrationTest {
    @TempDir
    Path home;

    Path config;
    Path credentials;

    @BeforeEach
    void files() throws Exception {
        config = Files.writeString(
                home.resolve("config"),
                "[default]\nregion = eu-west-1\n[profile work]\nmfa_serial = arn:aws:iam::123456789012:mfa/me\n"
                        + "[profile deploy-role]\nrole_arn = x\n[sso-session corp]\nsso_region = x\n");
        credentials = Files.writeString(home.resolve("credentials"), "[personal]\naws_access_key_id = x\n");
    }

    String script(String shell) {
        CliRun.Result r = new CliRun(home).run("completions", shell);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.stdout();
    }

    Processes.Result shell(List<String> command) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        Processes.Result r = Processes.run(command, env, home, null, Duration.ofSeconds(60));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    /** bash: what Tab would offer for the words before the cursor (the last word is the one completed). */
    List<String> bash(Path script, String... words) {
        StringBuilder line = new StringBuilder("source \"$1\"; COMP_WORDS=(");
        for (String word : words) {
            line.append(" '").append(word).append('\'');
        }
        line.append(" ); COMP_CWORD=")
                .append(words.length - 1)
                .append("; _sts_session_token; printf '%s\\n' \"${COMPREPLY[@]}\"");
        String out = shell(List.of(Peers.require("bash").toString(), "-c", line.toString(), "bash", script.toString()))
                .stdout();
        return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    }

    @Test
    void bash_completes_commands_every_option_of_each_command_and_profile_names() throws Exception {
        Path script = Files.writeString(home.resolve("sts.bash"), script("bash"));
        assertThat(shell(List.of(
                                Peers.require("bash").toString(),
                                "-c",
                                "source \"$1\"; complete -p sts-session-token",
                                "bash",
                                script.toString()))
                        .stdout())
                .isEqualTo("complete -F _sts_session_token sts-session-token\n");
        assertThat(bash(script, "sts-session-token", "")).contains("get", "exec", "mfa", "completions", "--version");
        assertThat(bash(script, "sts-session-token", "ke")).containsExactly("keys");
        assertThat(bash(script, "sts-session-token", "keys", "")).contains("rotate", "credential-process");
        for (ShellIntegration.Command command : ShellIntegration.COMMANDS) {
            List<String> words = new ArrayList<>(List.of("sts-session-token"));
            words.addAll(List.of(command.name().split(" ")));
            words.add("-");
            List<String> names = new ArrayList<>();
            for (Option option : command.options()) {
                names.addAll(option.names);
            }
            if (!names.isEmpty()) {
                assertThat(bash(script, words.toArray(String[]::new)))
                        .as(command.name())
                        .containsExactlyInAnyOrderElementsOf(names);
            }
        }
        assertThat(bash(script, "sts-session-token", "get", "--profile", ""))
                .containsExactly("default", "deploy-role", "personal", "work");
        assertThat(bash(script, "sts-session-token", "cache", "clear", "--profile", "w"))
                .containsExactly("work");
        assertThat(bash(script, "sts-session-token", "get", "-o", "cr")).containsExactly("credential-process");
        assertThat(bash(script, "sts-session-token", "keys", "add", "--key-store", ""))
                .contains("pass", "file");
        assertThat(bash(script, "sts-session-token", "get", "--duration-seconds", ""))
                .isEmpty();
        assertThat(bash(script, "sts-session-token", "completions", "")).containsExactly("bash", "zsh", "fish");
        assertThat(bash(script, "sts-session-token", "exec", "--local", "--", "ech"))
                .contains("echo");
    }

    List<String> fish(Path script, String line) {
        String out = shell(List.of(
                        Peers.require("fish").toString(),
                        "--no-config",
                        "-c",
                        "source $argv[1]; complete -C $argv[2]",
                        script.toString(),
                        line))
                .stdout();
        List<String> words = new ArrayList<>();
        for (String candidate : out.split("\n")) {
            if (!candidate.isEmpty()) {
                words.add(candidate.split("\t")[0]);
            }
        }
        return words;
    }

    @Test
    void fish_completes_commands_options_and_profile_names() throws Exception {
        Path script = Files.writeString(home.resolve("sts.fish"), script("fish"));
        assertThat(fish(script, "sts-session-token ")).contains("get", "exec", "serve-credentials", "completions");
        assertThat(fish(script, "sts-session-token mfa ")).containsExactlyInAnyOrder("enroll", "list", "remove");
        assertThat(fish(script, "sts-session-token get --dur")).containsExactly("--duration-seconds");
        assertThat(fish(script, "sts-session-token get --profile "))
                .containsExactlyInAnyOrder("default", "deploy-role", "personal", "work");
        assertThat(fish(script, "sts-session-token get -o ")).contains("json", "credential-process", "fish");
        assertThat(fish(script, "sts-session-token serve --"))
                .contains("--port", "--state-dir", "--tls")
                .doesNotContain("--profile");
        assertThat(fish(script, "sts-session-token keys rotate --"))
                .containsExactlyInAnyOrder(
                        "--profile", "--aws-profile", "--mfa-token", "--token-code", "--mfa-process", "--help");
    }

    /**
     * zsh's completion system needs a terminal to run (zpty); here its parser checks the script, the
     * functions load, and the profile lister, with compadd standing in, reads the user's files.
     */
    @Test
    void zsh_parses_the_script_and_lists_profile_names() throws Exception {
        Path script = Files.writeString(home.resolve("_sts-session-token"), script("zsh"));
        Path zsh = Peers.require("zsh");
        shell(List.of(zsh.toString(), "-n", script.toString()));
        String out = shell(List.of(
                        zsh.toString(),
                        "-f",
                        "-c",
                        "eval \"$(sed '$d' \"$1\")\"; whence -w _sts_session_token;"
                                + " compadd() { [[ $1 == -a ]] && print -l -- ${(P)2} }; _sts_session_token_profiles",
                        "zsh",
                        script.toString()))
                .stdout();
        assertThat(out).isEqualTo("_sts_session_token: function\ndefault\ndeploy-role\npersonal\nwork\n");
        assertThat(script("zsh")).contains("'--role-arn[").contains("'-o[").contains("'*::command:_normal'");
    }

    /**
     * zsh's completion system itself, on a terminal (tmux): compinit finds the script on fpath and a
     * Tab completes an option and a profile name as a person typing sees it. The command is a
     * function here that prints what it was called with, so the completed line shows once run.
     */
    @Test
    void zsh_completes_an_option_and_a_profile_name_with_tab_on_a_terminal() throws Exception {
        Path functions = Files.createDirectories(home.resolve("zfunc"));
        Files.writeString(functions.resolve("_sts-session-token"), script("zsh"));
        Path zsh = Peers.require("zsh");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("TERM", "xterm");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        try (Tmux tmux = Tmux.start(env, home, zsh.toString(), "-f")) {
            tmux.type("fpath=(" + functions + " $fpath); autoload -Uz compinit; compinit -u -D;"
                    + " sts-session-token() { print -r -- \"ran: $*\" }; print ready");
            tmux.await("^ready$");
            // A literal Tab is the Tab key; Enter then runs the line as completed.
            tmux.type("sts-session-token get --duration-sec\t3600 --profile dep\t");
            tmux.await("^ran: get --duration-seconds 3600 --profile deploy-role\\s*$");
            tmux.type("sts-session-token who\t");
            tmux.await("^ran: whoami\\s*$");
        }
    }

    @Test
    void completions_of_an_unknown_shell_is_a_usage_error_and_help_says_where_to_put_them() {
        CliRun.Result r = new CliRun(home).run("completions", "tcsh");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("sts-session-token: completions needs bash, zsh or fish, not 'tcsh'\n");
        assertThat(new CliRun(home).run("completions").exitCode()).isEqualTo(2);
        assertThat(new CliRun(home).run("completions", "--help").stdout())
                .contains("~/.config/fish/completions/sts-session-token.fish");
    }

    @Test
    void the_man_page_renders_with_every_command_and_option_and_no_warnings() throws Exception {
        CliRun.Result r = new CliRun(home).run("__manpage");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path page = Files.writeString(home.resolve("sts-session-token.1"), r.stdout());
        Path man = Peers.require("man");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("MANWIDTH", "200");
        env.put("LC_ALL", "C.UTF-8");
        Processes.Result rendered = Processes.run(
                List.of(man.toString(), "--warnings", "-l", "-P", "cat", page.toString()),
                env,
                home,
                null,
                Duration.ofSeconds(60));
        assertThat(rendered.exitCode()).as(rendered.toString()).isZero();
        assertThat(rendered.stderr()).as("man --warnings").isEmpty();
        String text = rendered.stdout().replace("\u2010", "-").replace("\u2212", "-");
        assertThat(text).contains("NAME", "SYNOPSIS", "EXIT STATUS", "sts-session-token - temporary AWS credentials");
        for (ShellIntegration.Command command : ShellIntegration.COMMANDS) {
            assertThat(text).contains(command.name());
            for (Option option : command.options()) {
                for (String name : option.names) {
                    assertThat(text).as(command.name()).contains(name);
                }
            }
        }
    }
}

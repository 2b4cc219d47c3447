package dev.ststoken.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.internal.Json;
import dev.ststoken.parameters.SessionParameters;
import dev.ststoken.testing.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniFileTest {
    @TempDir
    Path dir;

    /** What the profile picker lists: each profile once, in file order, named as profile() finds it. */
    @Test
    void profile_names_are_the_default_and_each_profile_section_once_in_file_order() {
        IniFile file = IniFile.parse("[profile dev]\nregion = a\n[sso-session corp]\nsso_region = b\n"
                + "[default]\nregion = c\n[profile \"my name\"]\nregion = d\n[profile 'dev']\nregion = e\n"
                + "[services s]\nx = y\n[profile]\nregion = f\n[profiles odd]\nregion = g\n");
        assertThat(file.profileNames()).containsExactly("dev", "default", "my name");
        assertThat(file.profile("my name")).containsEntry("region", "d");
    }

    @Test
    void reads_sections_keys_comments_and_sub_sections_like_botocore() {
        IniFile ini = IniFile.parse("# comment\n; other\n[default]\nRegion = eu-west-1\nkey: value: with colon\n"
                + "[services local]\nsts =\n  endpoint_url = http://x:1\n\tsigning_name = sts\nafter = 1\n"
                + "[ spaced ]\nk=v = w\n");
        assertThat(ini.section("default"))
                .containsEntry("region", "eu-west-1")
                .containsEntry("key", "value: with colon");
        assertThat(ini.section("services local"))
                .containsEntry("sts.endpoint_url", "http://x:1")
                .containsEntry("sts.signing_name", "sts")
                .containsEntry("after", "1");
        // botocore keeps the spaces inside the brackets: this section is " spaced ", not "spaced".
        assertThat(ini.section(" spaced ")).containsEntry("k", "v = w");
        assertThat(ini.section("missing")).isNull();
    }

    @Test
    void crlf_files_read_the_same() {
        assertThat(IniFile.parse("[a]\r\nk = v\r\n").section("a")).containsEntry("k", "v");
    }

    @Test
    void a_line_indented_under_a_key_continues_its_value_instead_of_setting_another_key() {
        IniFile ini =
                IniFile.parse("[default]\nregion = eu-west-1\n  aws_session_token = stale\n\n    more\nnext = 1\n");
        assertThat(ini.section("default"))
                .containsEntry("region", "eu-west-1\naws_session_token = stale\n\nmore")
                .containsEntry("next", "1")
                .doesNotContainKey("aws_session_token");
    }

    @Test
    void a_header_ends_at_its_last_bracket_so_a_comment_after_it_keeps_it_a_header() {
        IniFile ini = IniFile.parse("[first]\na = 1\n[second] ; the other one\nb = 2\n");
        assertThat(ini.section("first")).containsOnlyKeys("a");
        assertThat(ini.section("second")).containsEntry("b", "2");
    }

    @Test
    void inline_comments_are_part_of_the_value_and_sub_keys_keep_their_case() {
        IniFile ini = IniFile.parse("[s]\nregion = eu-west-1 # Ireland\nsts =\n  Endpoint_URL = http://x\n");
        assertThat(ini.section("s"))
                .containsEntry("region", "eu-west-1 # Ireland")
                .containsEntry("sts.Endpoint_URL", "http://x")
                .doesNotContainKey("sts.endpoint_url");
    }

    @Test
    void the_default_section_gives_its_keys_to_every_section() {
        IniFile ini = IniFile.parse("[DEFAULT]\nregion = eu-west-1\n[a]\nk = v\n[b]\nregion = us-east-2\n");
        assertThat(ini.section("a")).containsEntry("region", "eu-west-1");
        assertThat(ini.section("b")).containsEntry("region", "us-east-2");
        assertThat(ini.section("DEFAULT")).isNull();
    }

    @Test
    void a_section_named_like_another_sections_key_is_no_duplicate() {
        IniFile ini = IniFile.parse("[a]\nb = 1\n[a]b]\nk = 2\n");
        assertThat(ini.section("a]b")).containsEntry("k", "2");
    }

    @Test
    void profiles_are_found_the_way_botocore_finds_them() {
        IniFile ini = IniFile.parse("[profile  spaced ]\nk = 1\n[profile \"two words\"]\nk = 2\n[ profile dev]\nk = 3\n"
                + "[dev]\nk = 4\n[default]\nk = 5\n[profile default]\nk = 6\n[profile a b]\nk = 7\n");
        assertThat(ini.profile("spaced")).containsEntry("k", "1");
        assertThat(ini.profile("two words")).containsEntry("k", "2");
        assertThat(ini.profile("dev"))
                .as("neither [ profile dev] nor [dev] is a profile of the config file")
                .isNull();
        assertThat(ini.profile("default"))
                .as("the later of [default] and [profile default]")
                .containsEntry("k", "6");
        assertThat(ini.profile("a")).isNull();
        assertThat(ini.profile("b")).isNull();
    }

    @Test
    void shell_words_split_like_pythons_shlex() {
        assertThat(IniFile.shellWords("profile  x ")).containsExactly("profile", "x");
        assertThat(IniFile.shellWords("profile 'a b'")).containsExactly("profile", "a b");
        assertThat(IniFile.shellWords("profile \"a\\\"b\"c")).containsExactly("profile", "a\"bc");
        assertThat(IniFile.shellWords("profile a\\ b")).containsExactly("profile", "a b");
        assertThat(IniFile.shellWords("profile ''")).containsExactly("profile", "");
        assertThat(IniFile.shellWords("profile 'open")).isNull();
        assertThat(IniFile.shellWords("profile x\\")).isNull();
    }

    @Test
    void files_botocore_refuses_are_refused_with_a_line_number_and_never_the_line() {
        for (String bad : List.of(
                "aws_secret_access_key = before-any-section\n[default]\n",
                "[default]\nwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n",
                "[default]\n= no-key\n",
                "[default]\nregion = a\n[default]\nregion = b\n",
                "[default]\nRegion = a\nregion = b\n",
                "[services s]\nsts =\n  endpoint_url: http://missing-equals\n")) {
            assertThatThrownBy(() -> IniFile.parse(bad))
                    .as(bad)
                    .isInstanceOf(IniFile.ParseException.class)
                    .hasMessageStartingWith("line ")
                    .hasMessageNotContaining("EXAMPLEKEY")
                    .hasMessageNotContaining("before-any-section")
                    .hasMessageNotContaining("missing-equals");
        }
    }

    @Test
    void an_invalid_file_is_a_config_error_naming_the_file() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "[default]\nregion = a\nregion = b\n");
        assertThatThrownBy(() -> IniFile.read(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot parse " + file + ", line 3: a key already set in this section");
    }

    @Test
    void a_file_that_is_not_utf8_is_refused_as_botocore_refuses_it() throws Exception {
        Path latin1 = dir.resolve("latin1");
        Files.write(latin1, "# caf\u00e9\n[default]\nregion = eu-west-1\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> IniFile.read(latin1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot parse " + latin1 + ": it is not UTF-8 text");
        Path replacement = dir.resolve("replacement");
        Files.writeString(replacement, "# a real U+FFFD \uFFFD is UTF-8\n[default]\nregion = eu-west-1\n");
        assertThat(IniFile.read(replacement).section("default")).containsEntry("region", "eu-west-1");
    }

    // ---- differential: the same files and environment through botocore and through our resolver ----

    private static final int CASES = 400;
    private static final List<String> NAMES = List.of("default", "dev", "ops team");
    private static final List<String> REGIONS = List.of("eu-west-1", "us-west-2", "ap-south-1", "eu-central-1");

    /** One generated situation: the two files, the environment and an explicit profile (or null). */
    record Case(String config, String credentials, Map<String, String> env, String profile) {}

    @Test
    void generated_profiles_resolve_to_what_botocore_resolves() throws Exception {
        Path python = Peers.requirePython("botocore.session");
        Path script =
                Path.of(IniFileTest.class.getResource("botocore_settings.py").toURI());
        List<Case> cases = new ArrayList<>();
        List<Object> described = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Case c = generate(new Random(i));
            cases.add(c);
            Path home = dir.resolve("case" + i);
            Files.createDirectories(home.resolve(".aws"));
            Files.createDirectories(home.resolve("elsewhere"));
            Files.writeString(
                    home.resolve(c.env().containsKey("AWS_CONFIG_FILE") ? "elsewhere/config" : ".aws/config"),
                    c.config());
            Files.writeString(home.resolve(".aws/credentials"), c.credentials());
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("home", home.toString());
            d.put("env", c.env());
            d.put("profile", c.profile());
            described.add(d);
        }
        Path input = dir.resolve("cases.json");
        Files.writeString(input, Json.write(described));
        Process p = new ProcessBuilder(python.toString(), script.toString(), input.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("botocore oracle exit code").isZero();
        List<?> expected = (List<?>) Json.parse(out);

        int refused = 0;
        int crashed = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            Object botocore = normalise(expected.get(i));
            if ("crashed".equals(botocore)) {
                crashed++; // a plain "sts = x" in a services section: we read it as no endpoint there
                continue;
            }
            Object ours = ours(cases.get(i), dir.resolve("case" + i));
            if ("refused".equals(botocore)) {
                refused++;
            }
            if ("refused".equals(ours) && holdsBrokenCredential(botocore)) {
                continue; // ours by design: a key, secret or token with a space or line break is refused before use
            }
            if (!botocore.equals(ours)) {
                differences.add(
                        "case " + i + " " + cases.get(i) + "\n  botocore: " + botocore + "\n  ours:     " + ours);
            }
        }
        assertThat(differences).as("differences from botocore").isEmpty();
        assertThat(refused)
                .as("cases botocore refused (the generator must reach both sides)")
                .isBetween(CASES / 10, CASES * 9 / 10);
        assertThat(crashed)
                .as("cases where botocore itself crashed, not compared")
                .isLessThan(CASES / 20);
    }

    /**
     * Botocore's answer in our terms: no configured endpoint means the regional one, no region means
     * us-east-1. One intentional difference: botocore stores mfa_serial without looking at it (it
     * is not one of its settings), while we refuse a serial we could not send.
     */
    @SuppressWarnings("unchecked")
    private static Object normalise(Object answer) {
        if (!(answer instanceof Map)) {
            return answer;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.putAll((Map<String, Object>) answer);
        if (values.get("mfa_serial") != null) {
            try {
                Validation.checkSerial((String) values.get("mfa_serial"));
            } catch (ConfigException e) {
                return "refused";
            }
        }
        String region = values.get("region") == null ? SettingsResolver.DEFAULT_REGION : (String) values.get("region");
        values.put("region", region);
        if (values.get("endpoint") == null) {
            values.put(
                    "endpoint", Endpoints.forRegion(region, false, false).uri().toString());
        }
        return values;
    }

    /** botocore hands out a key, secret or token with a space or line break in it (an inline comment, a continuation). */
    private static boolean holdsBrokenCredential(Object botocore) {
        if (!(botocore instanceof Map)) {
            return false;
        }
        for (String field : List.of("key", "secret", "token")) {
            Object value = ((Map<?, ?>) botocore).get(field);
            if (value instanceof String && !((String) value).chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                return true;
            }
        }
        return false;
    }

    private static Object ours(Case c, Path home) {
        Map<String, String> env = new LinkedHashMap<>(c.env());
        env.put("HOME", home.toString()); // as the oracle runs
        try {
            ResolvedSettings s = new SettingsResolver(env, home, home.resolve("no-boto.cfg"))
                    .resolve(SessionParameters.builder().profile(c.profile()).build());
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("key", s.credentials().accessKeyId());
            values.put("secret", s.credentials().secretAccessKey());
            values.put("token", s.credentials().sessionToken());
            values.put("region", s.region());
            values.put("endpoint", s.endpoint().uri().toString());
            values.put("mfa_serial", s.mfaSerial());
            return values;
        } catch (ConfigException e) {
            return "refused";
        }
    }

    static Case generate(Random r) {
        String target = NAMES.get(r.nextInt(NAMES.size()));
        Map<String, String> env = new LinkedHashMap<>();
        String explicit = null;
        int how = r.nextInt(3);
        if (how == 0) {
            explicit = target;
        } else if (how == 1) {
            env.put(r.nextBoolean() ? "AWS_PROFILE" : "AWS_DEFAULT_PROFILE", target);
        }
        if (r.nextInt(6) == 0) {
            env.put("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT");
            env.put("AWS_SECRET_ACCESS_KEY", "s-env");
            if (r.nextBoolean()) {
                env.put("AWS_SESSION_TOKEN", "t-env");
            }
        }
        if (r.nextInt(8) == 0) {
            env.put("AWS_DEFAULT_REGION", pick(r, REGIONS));
        }
        if (r.nextInt(10) == 0) {
            env.put(r.nextBoolean() ? "AWS_ENDPOINT_URL_STS" : "AWS_ENDPOINT_URL", "http://localhost:4001");
        }
        StringBuilder config = new StringBuilder();
        StringBuilder credentials = new StringBuilder();
        if (r.nextInt(30) == 0) {
            config.append("region = us-west-2\n");
        }
        for (String name : NAMES) {
            if (name.equals(target) || r.nextInt(3) == 0) {
                configProfile(r, config, name);
            }
            if (name.equals(target) ? r.nextInt(4) != 0 : r.nextInt(3) == 0) {
                credentialsProfile(r, credentials, name);
            }
        }
        if (r.nextInt(10) == 0) {
            (r.nextBoolean() ? config : credentials)
                    .append("[DEFAULT]\n")
                    .append(r.nextBoolean() ? "region = ap-south-1\n" : "aws_session_token = t-default\n");
        }
        if (r.nextInt(5) != 0) {
            services(r, config);
        }
        if (r.nextInt(6) == 0) {
            env.put(
                    "AWS_CONFIG_FILE",
                    pick(
                            r,
                            List.of(
                                    "~/elsewhere/config",
                                    "$HOME/elsewhere/config",
                                    "${HOME}/elsewhere/config",
                                    "~/elsewhere/../elsewhere/config")));
        }
        return new Case(lineEnds(r, config.toString()), lineEnds(r, credentials.toString()), env, explicit);
    }

    private static void configProfile(Random r, StringBuilder out, String name) {
        String quoted = name.contains(" ") ? (r.nextBoolean() ? "\"" + name + "\"" : "'" + name + "'") : name;
        String header = r.nextBoolean()
                ? (name.equals("default") ? "[default]" : "[profile " + quoted + "]")
                : name.equals("default")
                        ? pick(r, List.of("[default]", "[default]", "[profile default]", "[ default ]", "[Default]"))
                        : pick(
                                r,
                                List.of(
                                        "[profile " + quoted + "]",
                                        "[profile " + quoted + "]",
                                        "[profile  " + quoted + " ]",
                                        "[profile " + name + "]",
                                        "[" + name + "]",
                                        "[ profile " + quoted + "]",
                                        "[profile " + quoted + "] ; work",
                                        "[Profile " + quoted + "]"));
        out.append(comment(r)).append(header).append('\n');
        if (r.nextInt(10) < 7) {
            key(r, out, "region", pick(r, REGIONS));
        }
        if (r.nextInt(3) == 0) {
            key(r, out, "mfa_serial", "arn:aws:iam::123456789012:mfa/" + name.replace(' ', '-'));
        }
        if (r.nextInt(4) == 0) {
            key(r, out, "aws_access_key_id", "AKIACONFIG");
            if (r.nextInt(5) != 0) {
                key(r, out, "aws_secret_access_key", "s-config");
            }
        }
        if (r.nextInt(4) == 0) {
            key(r, out, "aws_session_token", "t-config");
        } else if (r.nextInt(8) == 0) {
            key(r, out, "aws_security_token", "t-config-security");
        }
        if (r.nextInt(4) == 0) {
            key(r, out, "services", r.nextInt(6) == 0 ? "elsewhere" : "local");
        }
        if (r.nextInt(7) == 0) {
            key(r, out, "endpoint_url", "http://localhost:4002");
        }
        if (r.nextInt(25) == 0) {
            out.append(pick(r, List.of("[profile " + name + "]\n", "region = us-west-2\n", "just words\n")));
        }
    }

    private static void credentialsProfile(Random r, StringBuilder out, String name) {
        String header = r.nextBoolean()
                ? "[" + name + "]"
                : pick(
                        r,
                        List.of(
                                "[" + name + "]",
                                "[ " + name + " ]",
                                "[profile " + name + "]",
                                "[" + name + "] # keys"));
        out.append(comment(r)).append(header).append('\n');
        if (r.nextInt(10) < 8) {
            key(r, out, "aws_access_key_id", "AKIACREDENTIALS");
        }
        if (r.nextInt(10) < 8) {
            key(r, out, "aws_secret_access_key", "s-credentials");
        }
        if (r.nextInt(3) == 0) {
            key(r, out, r.nextBoolean() ? "aws_session_token" : "aws_security_token", "t-credentials");
        } else if (r.nextInt(6) == 0) {
            key(r, out, "aws_session_token", "t-session");
            key(r, out, "aws_security_token", "t-security");
        }
        if (r.nextInt(5) == 0) {
            key(r, out, "region", pick(r, REGIONS));
        }
    }

    private static void services(Random r, StringBuilder out) {
        out.append(pick(r, List.of("[services local]", "[services local]", "[services  local ]", "[ services local]")))
                .append('\n');
        out.append(pick(r, List.of("sts =", "sts =", "STS =", "sts=", "sts = \n")))
                .append('\n');
        if (r.nextInt(6) == 0) {
            out.append('\n');
        }
        if (r.nextInt(6) == 0) {
            out.append("  # the emulator\n");
        }
        out.append(pick(
                        r,
                        List.of(
                                "  endpoint_url = http://localhost:4566",
                                "\tendpoint_url=http://localhost:4566",
                                "  endpoint_url = http://localhost:4566",
                                "  Endpoint_URL = http://localhost:4566",
                                "  endpoint_url: http://localhost:4566",
                                "endpoint_url = http://localhost:4566",
                                "  endpoint_url = http://localhost:4566",
                                "  endpoint_url = http://localhost:4566")))
                .append('\n');
    }

    /** A key in one of the spellings botocore accepts or trips over. */
    private static void key(Random r, StringBuilder out, String key, String value) {
        int style = r.nextInt(70);
        switch (style) {
            case 0 ->
                out.append(key.toUpperCase(java.util.Locale.ROOT)).append(" = ").append(value);
            case 1 -> out.append(key).append('=').append(value);
            case 2 -> out.append(key).append(" : ").append(value);
            case 3 -> out.append(key).append("\t=   ").append(value).append("   ");
            case 4 -> out.append("  ").append(key).append(" = ").append(value);
            case 5 -> out.append(key).append(" = ").append(value).append(" # inline");
            case 6 -> out.append(key).append(" = ").append(value).append("\n    continued");
            case 7 -> out.append(key).append(" =\n  ").append(value);
            case 8 ->
                out.append(key)
                        .append(" = ")
                        .append(value)
                        .append("\n")
                        .append(key)
                        .append(" = ")
                        .append(value);
            case 9 -> out.append(key).append(" = ").append(value).append("\n; between\n");
            case 10 ->
                out.append('\t')
                        .append(key)
                        .append(" = ")
                        .append(value)
                        .append("\n\t")
                        .append("output = json");
            case 11 -> out.append(key).append(" = ").append(value).append('\u00a0');
            case 12 -> out.append(key).append(" = ").append(value).append("\n\u00a0 more");
            default -> out.append(key).append(" = ").append(value);
        }
        out.append('\n');
        if (r.nextInt(8) == 0) {
            out.append(r.nextBoolean() ? "\n" : "   \n");
        }
    }

    /** Now and then a file written on Windows (CR LF) or an old Mac (CR). */
    private static String lineEnds(Random r, String text) {
        int kind = r.nextInt(10);
        return kind == 0 ? text.replace("\n", "\r\n") : kind == 1 ? text.replace("\n", "\r") : text;
    }

    private static String comment(Random r) {
        return pick(r, List.of("", "", "", "# a comment\n", "; a comment\n", "  # indented comment\n", "\n"));
    }

    private static String pick(Random r, List<String> options) {
        return options.get(r.nextInt(options.size()));
    }
}

package dev.ststoken.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.config.IniFile;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import dev.ststoken.totp.Base32;
import dev.ststoken.totp.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real ansible-playbook runs the built collection (installed with ansible-galaxy into a temporary
 * collections path) against the emulator, next to community.aws's module shipped with Debian's ansible.
 */
@SuppressWarnings("unchecked")
class AnsibleIT {
    static final Path DIST = Path.of(System.getProperty("dist.dir"));
    static final Path LAUNCHER = DIST.resolve("bin/sts-session-token");

    @TempDir
    static Path home;

    static ServeProcess serve;
    static ServeProcess tls;
    /** Its own emulator, so its MFA codes never collide with the other tests' codes of the same 30 s step. */
    static ServeProcess roles;

    static Path collections;
    static Path python;
    static String keyId;
    static String secret;
    static String serial;
    static byte[] seed;
    static String accountId;
    /** The launcher of an installed release made from the distribution (bin/, lib/, lib/RELEASE). */
    static Path release;

    /** The two ways a module runs: its embedded jars, or the installed release STS_SESSION_TOKEN_LAUNCHER names. */
    enum Via {
        EMBEDDED_JARS,
        INSTALLED_RELEASE
    }

    static Map<String, String> env() {
        Map<String, String> env = DistEnv.of(home);
        env.put(
                "ANSIBLE_COLLECTIONS_PATH",
                collections + ":/usr/share/ansible/collections:/usr/lib/python3/dist-packages/ansible_collections");
        env.put("ANSIBLE_LOCAL_TEMP", home.resolve("ansible-tmp").toString());
        env.put("ANSIBLE_REMOTE_TEMP", home.resolve("ansible-remote-tmp").toString());
        env.put("ANSIBLE_STDOUT_CALLBACK", "json");
        env.put("ANSIBLE_DEPRECATION_WARNINGS", "false");
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        return env;
    }

    @BeforeAll
    static void installCollectionAndStartEmulators() throws Exception {
        Path galaxy = Peers.require("ansible-galaxy");
        Peers.require("ansible-playbook");
        python = Path.of(Processes.run(
                        List.of(Peers.requirePython("boto3").toString(), "-c", "import sys; print(sys.executable)"),
                        null,
                        null,
                        null,
                        Duration.ofSeconds(30))
                .stdout()
                .strip());
        collections = home.resolve("collections");
        Path tarball;
        try (var files = Files.list(DIST)) {
            tarball = files.filter(f -> f.getFileName().toString().startsWith("ststoken-aws-"))
                    .findFirst()
                    .orElseThrow();
        }
        Processes.Result install = Processes.run(
                List.of(galaxy.toString(), "collection", "install", "-p", collections.toString(), tarball.toString()),
                env(),
                home,
                null,
                Duration.ofSeconds(120));
        assertThat(install.exitCode()).as(install.toString()).isZero();
        assertThat(collections.resolve("ansible_collections/ststoken/aws/plugins/modules/sts_session_token"))
                .isExecutable();
        assertThat(collections.resolve("ansible_collections/ststoken/aws/plugins/modules/sts_assume_role"))
                .isExecutable();

        serve = ServeProcess.start(LAUNCHER, home.resolve("state"), env());
        tls = ServeProcess.start(LAUNCHER, home.resolve("tls-state"), env(), "--tls");
        // The modules are under test, not IAM (MfaPoliciesIT is): some role cases use plain keys, which the
        // demo user's self-management policy refuses for everything without MFA.
        roles = ServeProcess.start(LAUNCHER, home.resolve("roles-state"), env(), "--no-enforce-iam");
        roles.createRoleTrustingDemo("deployer");
        Map<String, String> demo =
                IniFile.read(home.resolve("state/credentials")).section("emulator-demo");
        keyId = demo.get("aws_access_key_id");
        secret = demo.get("aws_secret_access_key");
        serial = IniFile.read(home.resolve("state/config"))
                .section("profile emulator-demo")
                .get("mfa_serial");
        seed = Base32.decode(
                Files.readString(home.resolve("state/demo-mfa-seed.txt")).strip());
        accountId = serial.split(":")[4];
        release = DistRelease.install(DIST, home.resolve("release"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) serve.close();
        if (tls != null) tls.close();
        if (roles != null) roles.close();
    }

    /** Runs a playbook with the json callback and returns the per-task results for localhost. */
    static List<Map<String, Object>> play(String tasks, Map<String, String> extraEnv, String... extraArgs)
            throws Exception {
        Processes.Result r = run("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks, extraEnv, extraArgs);
        assertThat(r.stdout()).as(r.toString()).doesNotContain("Traceback").doesNotContain("MODULE FAILURE");
        return results(r);
    }

    /** Runs a whole playbook text with the json callback. */
    static Processes.Result run(String playbookText, Map<String, String> extraEnv, String... extraArgs)
            throws Exception {
        Path playbook = Files.createTempFile(home, "play", ".yml");
        Files.writeString(playbook, playbookText);
        List<String> command = new ArrayList<>(List.of(
                "ansible-playbook",
                "-i",
                "localhost,",
                "-c",
                "local",
                "-e",
                "ansible_python_interpreter=" + python,
                playbook.toString()));
        command.addAll(List.of(extraArgs));
        Map<String, String> env = env();
        env.putAll(extraEnv);
        return Processes.run(command, env, home, null, Duration.ofSeconds(300));
    }

    /** The per-task results for localhost, in order. */
    static List<Map<String, Object>> results(Processes.Result r) {
        assertThat(r.stdout()).as("ansible-playbook printed no results: " + r).contains("{");
        Map<String, Object> json =
                Json.parseObject(r.stdout().substring(r.stdout().indexOf('{')));
        List<Map<String, Object>> results = new ArrayList<>();
        for (Object play : (List<Object>) json.get("plays")) {
            for (Object task : (List<Object>) ((Map<String, Object>) play).get("tasks")) {
                Map<String, Object> hosts = (Map<String, Object>) ((Map<String, Object>) task).get("hosts");
                results.add((Map<String, Object>) hosts.get("localhost"));
            }
        }
        return results;
    }

    static String code(long stepOffset) {
        return Totp.code(seed, Totp.step(Instant.now()) + stepOffset);
    }

    static String getTask(String module, String args) {
        return "    - name: get\n      " + module + ":\n" + args + "      register: session_credentials\n";
    }

    static final String USE_IT = String.join(
            "\n",
            "    - name: use the session in the next task",
            "      amazon.aws.aws_caller_info:",
            "        access_key: \"{{ session_credentials.sts_creds.access_key }}\"",
            "        secret_key: \"{{ session_credentials.sts_creds.secret_key }}\"",
            "        session_token: \"{{ session_credentials.sts_creds.session_token }}\"",
            "        endpoint_url: \"{{ endpoint }}\"",
            "        region: us-east-1",
            "      register: caller",
            "    - assert:",
            "        that: caller.arn == expected_arn",
            "");

    String seedArgs(String token) {
        return "        duration_seconds: 3600\n        mfa_serial_number: \"" + serial + "\"\n        mfa_token: \""
                + token
                + "\"\n        aws_access_key: \"" + keyId + "\"\n        aws_secret_key: \"" + secret + "\"\n"
                + "        ec2_url: \"" + serve.endpoint + "\"\n        region: us-east-1\n";
    }

    @Test
    void seed_example_with_our_module_and_with_community_aws_give_the_same_result_shape() throws Exception {
        // Two fresh codes from consecutive steps: each may be used once.
        String ours = code(0);
        String theirs = code(1);
        String tasks = getTask("ststoken.aws.sts_session_token", seedArgs(ours))
                + "    - set_fact:\n        ours: \"{{ session_credentials }}\"\n"
                + USE_IT + getTask("community.aws.sts_session_token", seedArgs(theirs))
                + "    - set_fact:\n        theirs: \"{{ session_credentials }}\"\n" + USE_IT;
        List<Map<String, Object>> results = play(
                tasks,
                Map.of(),
                "-e",
                "endpoint=" + serve.endpoint,
                "-e",
                "expected_arn=arn:aws:iam::" + accountId + ":user/demo");
        for (Map<String, Object> result : results) {
            assertThat(result.get("failed")).as(result.toString()).isNotEqualTo(true);
        }
        Map<String, Object> ours1 = results.get(0);
        Map<String, Object> theirs1 = results.get(4);
        assertThat(ours1.get("changed")).isEqualTo(true);
        Map<String, Object> ourCreds = (Map<String, Object>) ours1.get("sts_creds");
        Map<String, Object> theirCreds = (Map<String, Object>) theirs1.get("sts_creds");
        assertThat(ourCreds.keySet()).isEqualTo(theirCreds.keySet());
        assertThat(keysWithout(ours1)).isEqualTo(keysWithout(theirs1));
        String format = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00";
        assertThat((String) ourCreds.get("expiration")).matches(format);
        assertThat((String) theirCreds.get("expiration")).matches(format);
    }

    /** Result keys Ansible and the module set, minus the deprecation notes community.aws adds for old aliases. */
    static java.util.Set<String> keysWithout(Map<String, Object> result) {
        java.util.Set<String> keys = new java.util.TreeSet<>(result.keySet());
        keys.removeAll(List.of("deprecations", "warnings", "_ansible_no_log", "action"));
        return keys;
    }

    @Test
    void a_wrong_code_fails_the_task_with_a_clean_access_denied_message() throws Exception {
        String wrong = code(0).equals("000000") ? "111111" : "000000";
        List<Map<String, Object>> results = play(getTask("ststoken.aws.sts_session_token", seedArgs(wrong)), Map.of());
        Map<String, Object> failed = results.get(0);
        assertThat(failed.get("failed")).isEqualTo(true);
        assertThat((String) failed.get("msg"))
                .contains("AccessDenied")
                .contains("invalid MFA one time pass code")
                .doesNotContain(secret);
        assertThat(failed.toString()).doesNotContain("Traceback").doesNotContain(secret);
    }

    @Test
    void every_alias_and_the_ec2_url_aws_url_environment_fallbacks_work() throws Exception {
        String[][] aliasSets = {
            {"ec2_access_key", "ec2_secret_key", "ec2_url", "aws_region"},
            {"access_key", "secret_key", "endpoint_url", "ec2_region"},
            {"aws_access_key_id", "aws_secret_access_key", "aws_endpoint_url", "region"}
        };
        StringBuilder tasks = new StringBuilder();
        for (String[] names : aliasSets) {
            tasks.append("    - ststoken.aws.sts_session_token:\n        ")
                    .append(names[0])
                    .append(": \"")
                    .append(keyId)
                    .append("\"\n        ")
                    .append(names[1])
                    .append(": \"")
                    .append(secret)
                    .append("\"\n        ")
                    .append(names[2])
                    .append(": \"")
                    .append(serve.endpoint)
                    .append("\"\n        ")
                    .append(names[3])
                    .append(": us-east-1\n        duration_seconds: \"900\"\n");
        }
        for (String var : List.of("EC2_URL", "AWS_URL")) {
            tasks.append("    - ststoken.aws.sts_session_token:\n        aws_access_key: \"")
                    .append(keyId)
                    .append("\"\n        aws_secret_key: \"")
                    .append(secret)
                    .append("\"\n      environment:\n        ")
                    .append(var)
                    .append(": \"")
                    .append(serve.endpoint)
                    .append("\"\n");
        }
        // Session-token aliases: a session cannot get another session, so AWS's refusal proves the token was sent.
        for (String alias :
                List.of("security_token", "access_token", "session_token", "aws_session_token", "aws_security_token")) {
            tasks.append(
                            "    - ststoken.aws.sts_session_token:\n        aws_access_key: \"{{ session.sts_creds.access_key }}\"\n")
                    .append("        aws_secret_key: \"{{ session.sts_creds.secret_key }}\"\n        ")
                    .append(alias)
                    .append(": \"{{ session.sts_creds.session_token }}\"\n        ec2_url: \"")
                    .append(serve.endpoint)
                    .append("\"\n      ignore_errors: true\n");
        }
        String first = "    - ststoken.aws.sts_session_token:\n        aws_access_key: \"" + keyId
                + "\"\n        aws_secret_key: \""
                + secret + "\"\n        ec2_url: \"" + serve.endpoint + "\"\n        validate_certs: \"yes\"\n"
                + "        debug_botocore_endpoint_logs: true\n      register: session\n";
        List<Map<String, Object>> results = play(first + tasks, Map.of());
        assertThat(results.get(0).get("resource_actions")).isEqualTo(List.of("sts:GetSessionToken"));
        for (int i = 0; i < 6; i++) {
            assertThat(results.get(i).get("changed"))
                    .as(results.get(i).toString())
                    .isEqualTo(true);
        }
        for (int i = 6; i < 11; i++) {
            assertThat((String) results.get(i).get("msg"))
                    .as(results.get(i).toString())
                    .contains("Cannot call GetSessionToken with session credentials");
        }
    }

    @Test
    void validate_certs_no_against_tls_check_mode_and_unknown_parameters() throws Exception {
        String base = "        aws_access_key: \"" + keyId(tls) + "\"\n        aws_secret_key: \"" + secretOf(tls)
                + "\"\n" + "        ec2_url: \"" + tls.endpoint + "\"\n";
        String tasks = "    - ststoken.aws.sts_session_token:\n" + base
                + "        validate_certs: no\n      register: insecure\n"
                + "    - ststoken.aws.sts_session_token:\n" + base + "      ignore_errors: true\n"
                + "    - ststoken.aws.sts_session_token:\n" + base
                + "        validate_certs: false\n        bogus: 1\n      ignore_errors: true\n";
        List<Map<String, Object>> results = play(tasks, Map.of(), "--check");
        assertThat(results.get(0).get("changed")).as(results.get(0).toString()).isEqualTo(true);
        assertThat(((Map<String, Object>) results.get(0).get("sts_creds"))
                        .get("access_key")
                        .toString())
                .startsWith("ASIA");
        assertThat(results.get(1).get("failed")).isEqualTo(true);
        assertThat((String) results.get(1).get("msg")).contains("TLS");
        assertThat((String) results.get(2).get("msg"))
                .startsWith("Unsupported parameters for (sts_session_token) module: bogus.");
    }

    static String keyId(ServeProcess s) throws Exception {
        return IniFile.read(s.stateDir.resolve("credentials"))
                .section("emulator-demo")
                .get("aws_access_key_id");
    }

    static String secretOf(ServeProcess s) throws Exception {
        return IniFile.read(s.stateDir.resolve("credentials"))
                .section("emulator-demo")
                .get("aws_secret_access_key");
    }

    /** amazon.aws's module where the installed collection has it (8.0 and later), else community.aws's, the same module before the move. */
    static String theirAssumeRoleModule() {
        return Files.exists(
                        Path.of(
                                "/usr/lib/python3/dist-packages/ansible_collections/amazon/aws/plugins/modules/sts_assume_role.py"))
                ? "amazon.aws.sts_assume_role"
                : "community.aws.sts_assume_role";
    }

    static String assumeRoleTask(String module, String sessionName, String serialOfDemo, String token)
            throws Exception {
        Map<String, String> demo =
                IniFile.read(roles.stateDir.resolve("credentials")).section("emulator-demo");
        return "    - name: assume\n      " + module + ":\n"
                + "        role_arn: \"arn:aws:iam::" + serialOfDemo.split(":")[4] + ":role/deployer\"\n"
                + "        role_session_name: " + sessionName + "\n        duration_seconds: 900\n"
                + "        mfa_serial_number: \"" + serialOfDemo + "\"\n        mfa_token: \"" + token + "\"\n"
                + "        access_key: \"" + demo.get("aws_access_key_id") + "\"\n        secret_key: \""
                + demo.get("aws_secret_access_key") + "\"\n        endpoint_url: \"" + roles.endpoint + "\"\n"
                + "        region: us-east-1\n      register: session_credentials\n";
    }

    @Test
    void assume_role_with_our_module_and_amazon_aws_gives_the_same_result_and_the_next_task_is_the_role()
            throws Exception {
        String rolesSerial = IniFile.read(roles.stateDir.resolve("config"))
                .section("profile emulator-demo")
                .get("mfa_serial");
        byte[] rolesSeed = Base32.decode(
                Files.readString(roles.stateDir.resolve("demo-mfa-seed.txt")).strip());
        long step = Totp.step(Instant.now());
        String account = rolesSerial.split(":")[4];
        String theirs = theirAssumeRoleModule();
        String tasks = assumeRoleTask("ststoken.aws.sts_assume_role", "ours", rolesSerial, Totp.code(rolesSeed, step))
                + "    - set_fact:\n        expected_arn: \"arn:aws:sts::" + account + ":assumed-role/deployer/ours\"\n"
                + USE_IT
                + assumeRoleTask(theirs, "theirs", rolesSerial, Totp.code(rolesSeed, step + 1))
                + "    - set_fact:\n        expected_arn: \"arn:aws:sts::" + account
                + ":assumed-role/deployer/theirs\"\n"
                + USE_IT;
        long getSessionTokenBefore = roles.count("GetSessionToken", 200);
        long assumeRoleBefore = roles.count("AssumeRole", 200);
        List<Map<String, Object>> results = play(tasks, Map.of(), "-e", "endpoint=" + roles.endpoint);
        for (Map<String, Object> result : results) {
            assertThat(result.get("failed")).as(result.toString()).isNotEqualTo(true);
        }
        Map<String, Object> ours = results.get(0);
        Map<String, Object> their = results.get(4);
        assertThat(keysWithout(ours)).isEqualTo(keysWithout(their)).contains("changed", "sts_creds", "sts_user");
        assertThat(((Map<String, Object>) ours.get("sts_creds")).keySet())
                .isEqualTo(((Map<String, Object>) their.get("sts_creds")).keySet());
        assertThat(((Map<String, Object>) ours.get("sts_user")).keySet())
                .isEqualTo(((Map<String, Object>) their.get("sts_user")).keySet());
        assertThat(((Map<String, Object>) ours.get("sts_user")).get("arn"))
                .isEqualTo("arn:aws:sts::" + account + ":assumed-role/deployer/ours");
        Map<String, Object> ourArgs =
                (Map<String, Object>) ((Map<String, Object>) ours.get("invocation")).get("module_args");
        Map<String, Object> theirArgs =
                (Map<String, Object>) ((Map<String, Object>) their.get("invocation")).get("module_args");
        assertThat(ourArgs.keySet()).isEqualTo(theirArgs.keySet());
        assertThat(ourArgs.get("mfa_token"))
                .isEqualTo(theirArgs.get("mfa_token"))
                .isEqualTo("VALUE_SPECIFIED_IN_NO_LOG_PARAMETER");
        // The MFA went with AssumeRole itself, as amazon.aws sends it: no GetSessionToken at all.
        assertThat(roles.count("GetSessionToken", 200)).isEqualTo(getSessionTokenBefore);
        assertThat(roles.count("AssumeRole", 200)).isEqualTo(assumeRoleBefore + 2);
    }

    @Test
    void the_external_id_is_masked_in_the_invocation_echo_as_a_shared_secret() throws Exception {
        Map<String, String> demo =
                IniFile.read(roles.stateDir.resolve("credentials")).section("emulator-demo");
        String account = IniFile.read(roles.stateDir.resolve("config"))
                .section("profile emulator-demo")
                .get("mfa_serial")
                .split(":")[4];
        String externalId = "partner-7f3a9c";
        String task = "    - ststoken.aws.sts_assume_role:\n"
                + "        role_arn: \"arn:aws:iam::" + account + ":role/deployer\"\n"
                + "        role_session_name: partner\n"
                + "        external_id: \"" + externalId + "\"\n"
                + "        access_key: \"" + demo.get("aws_access_key_id") + "\"\n"
                + "        secret_key: \"" + demo.get("aws_secret_access_key") + "\"\n"
                + "        endpoint_url: \"" + roles.endpoint + "\"\n"
                + "        region: us-east-1\n";
        Processes.Result r = run("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + task, Map.of());
        Map<String, Object> result = results(r).get(0);
        assertThat(result.get("failed")).as(result.toString()).isNotEqualTo(true);
        Map<String, Object> moduleArgs =
                (Map<String, Object>) ((Map<String, Object>) result.get("invocation")).get("module_args");
        assertThat(moduleArgs).containsEntry("external_id", "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER");
        assertThat(r.stdout()).doesNotContain(externalId);
    }

    @Test
    void assume_role_failures_match_amazon_aws_without_its_traceback() throws Exception {
        String rolesSerial = IniFile.read(roles.stateDir.resolve("config"))
                .section("profile emulator-demo")
                .get("mfa_serial");
        String wrong = "000000";
        String tasks = (assumeRoleTask("ststoken.aws.sts_assume_role", "ours", rolesSerial, wrong)
                        + assumeRoleTask(theirAssumeRoleModule(), "theirs", rolesSerial, wrong))
                .replace("      register: session_credentials\n", "      ignore_errors: true\n");
        // amazon.aws's module adds a Python traceback to its result here; ours must not.
        List<Map<String, Object>> results = results(run(
                "- hosts: localhost\n  gather_facts: false\n  tasks:\n"
                        + tasks.replace("role/deployer", "role/missing"),
                Map.of()));
        Map<String, Object> ours = results.get(0);
        Map<String, Object> theirs = results.get(1);
        assertThat(ours.get("failed")).isEqualTo(true);
        assertThat(ours.get("msg")).isEqualTo(theirs.get("msg"));
        assertThat(ours).doesNotContainKey("exception");
        assertThat(ours.toString()).doesNotContain("Traceback");
        assertThat(theirs.toString()).contains("Traceback");
        assertThat(((Map<String, Object>) ours.get("error")).get("code")).isEqualTo("AccessDenied");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void module_defaults_for_the_aws_group_set_the_connection_options_of_both_modules_once(Via via) throws Exception {
        Map<String, String> demo =
                IniFile.read(roles.stateDir.resolve("credentials")).section("emulator-demo");
        String account = IniFile.read(roles.stateDir.resolve("config"))
                .section("profile emulator-demo")
                .get("mfa_serial")
                .split(":")[4];
        String playbook = String.join(
                "\n",
                "- hosts: localhost",
                "  gather_facts: false",
                "  module_defaults:",
                "    group/ststoken.aws.aws:",
                "      access_key: \"" + demo.get("aws_access_key_id") + "\"",
                "      secret_key: \"" + demo.get("aws_secret_access_key") + "\"",
                "      endpoint_url: \"" + roles.endpoint + "\"",
                "      region: us-east-1",
                "      aws_config: {retries: {total_max_attempts: 1}}",
                // As the README has it: the play's environment names the installed release's launcher.
                via == Via.INSTALLED_RELEASE ? "  environment: {STS_SESSION_TOKEN_LAUNCHER: \"" + release + "\"}" : "",
                "  tasks:",
                "    - ststoken.aws.sts_assume_role:",
                "        role_arn: \"arn:aws:iam::" + account + ":role/deployer\"",
                "        role_session_name: grouped",
                "    - ststoken.aws.sts_session_token:",
                "        duration_seconds: 900",
                // Shows the variable reaches the module: a launcher that is not a release's is refused.
                "    - ststoken.aws.sts_assume_role:",
                "        role_arn: \"arn:aws:iam::" + account + ":role/deployer\"",
                "        role_session_name: refused",
                "      environment: {STS_SESSION_TOKEN_LAUNCHER: \"" + home.resolve("not-a-release") + "\"}",
                "      ignore_errors: true",
                "");
        List<Map<String, Object>> results = results(run(playbook, Map.of()));
        Map<String, Object> assumed = results.get(0);
        Map<String, Object> session = results.get(1);
        assertThat(assumed.get("failed")).as(assumed.toString()).isNotEqualTo(true);
        assertThat(session.get("failed")).as(session.toString()).isNotEqualTo(true);
        assertThat(results.get(2).get("msg").toString()).contains("is not the launcher of an installed release");
        assertThat(((Map<String, Object>) assumed.get("sts_user")).get("arn"))
                .isEqualTo("arn:aws:sts::" + account + ":assumed-role/deployer/grouped");
        assertThat((String) ((Map<String, Object>) session.get("sts_creds")).get("access_key"))
                .startsWith("ASIA");
    }

    @Test
    void ansible_doc_lists_exactly_the_options_and_aliases_each_module_accepts() throws Exception {
        Path ansibleDoc = Peers.require("ansible-doc");
        for (String module : List.of("sts_session_token", "sts_assume_role")) {
            Processes.Result doc = Processes.run(
                    List.of(ansibleDoc.toString(), "--json", "ststoken.aws." + module),
                    env(),
                    home,
                    null,
                    Duration.ofSeconds(120));
            assertThat(doc.exitCode()).as(doc.toString()).isZero();
            Map<String, Object> options = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                                    Json.parseObject(doc.stdout()).get("ststoken.aws." + module))
                            .get("doc"))
                    .get("options");
            java.util.Set<String> documented = new java.util.TreeSet<>(options.keySet());
            for (Object option : options.values()) {
                Object aliases = ((Map<String, Object>) option).get("aliases");
                if (aliases != null) {
                    for (Object alias : (List<Object>) aliases) {
                        documented.add((String) alias);
                    }
                }
            }
            // The module's own list of what it accepts, from its answer to an unknown option (after the required ones).
            String msg = (String) play(
                            "    - ststoken.aws." + module + ":\n        bogus_option: 1\n"
                                    + (module.equals("sts_assume_role")
                                            ? "        role_arn: x\n        role_session_name: y\n"
                                            : "")
                                    + "      ignore_errors: true\n",
                            Map.of())
                    .get(0)
                    .get("msg");
            String supported = msg.substring(
                    msg.indexOf("Supported parameters include: ") + "Supported parameters include: ".length(),
                    msg.length() - 1);
            assertThat(new java.util.TreeSet<>(List.of(supported.split(", "))))
                    .as(module)
                    .isEqualTo(documented);
        }
    }
}

package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.internal.Json;
import dev.ststoken.testing.Peers;
import dev.ststoken.testing.Processes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ansible's own IAM modules (amazon.aws and community.aws: iam_role, iam_role_info, iam_managed_policy,
 * iam_policy, iam_user, iam_group, iam_access_key) run their flows against the in-process emulator,
 * with the playbooks in {@code src/test/resources/dev/ststoken/emulator/ansible}. Each step that failed
 * before the emulator had AWS managed policies, instance profiles, tags and the rest is a task there;
 * the playbooks assert what the modules report. Skips, with the reason, without ansible-playbook, boto3
 * or the collections, unless STS_REQUIRE_PEERS=1.
 */
@SuppressWarnings("unchecked")
class IamRoleToolsAnsibleTest {
    @TempDir
    Path home;

    Emulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(home.resolve("state")));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void iam_role_with_an_aws_managed_policy_tags_and_instance_profile_creates_changes_and_deletes() throws Exception {
        Map<String, Map<String, Object>> tasks = play("roles.yml");
        assertThat(tasks.get("role with an AWS managed policy, tags, instance profile"))
                .containsEntry("changed", true);
        assertThat(tasks.get("role again (idempotent)")).containsEntry("changed", false);
        assertThat(tasks.get("delete role")).containsEntry("changed", true);
        // The instance profile iam_role made went with the role (delete_instance_profile).
        assertThat(emulator.actionCount("RemoveRoleFromInstanceProfile")).isEqualTo(1);
        assertThat(emulator.actionCount("DeleteInstanceProfile")).isEqualTo(1);
        assertThat(emulator.actionCount("ListSSHPublicKeys")).isEqualTo(1);
    }

    @Test
    void iam_managed_policy_versions_user_tags_and_deleting_an_attached_policy() throws Exception {
        Map<String, Map<String, Object>> tasks = play("policies.yml");
        assertThat(tasks.get("new version")).containsEntry("changed", true);
        assertThat(tasks.get("delete the policy attached to user and role (detaches them)"))
                .containsEntry("changed", true);
        assertThat(emulator.actionCount("ListEntitiesForPolicy")).isPositive();
    }

    /** Runs one playbook with the json callback; every task must have succeeded. Results by task name. */
    Map<String, Map<String, Object>> play(String playbook) throws Exception {
        Peers.require("ansible-playbook");
        Path python = Path.of(Processes.run(
                        List.of(Peers.requirePython("boto3").toString(), "-c", "import sys; print(sys.executable)"),
                        null,
                        null,
                        null,
                        Duration.ofSeconds(30))
                .stdout()
                .strip());
        Path file = home.resolve(playbook);
        try (InputStream in = getClass().getResourceAsStream("ansible/" + playbook)) {
            Files.write(file, in.readAllBytes());
        }
        AwsCredentials root = emulator.rootCredentials();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", home.toString());
        env.put("ANSIBLE_LOCAL_TEMP", home.resolve("ansible-tmp").toString());
        env.put("ANSIBLE_REMOTE_TEMP", home.resolve("ansible-remote-tmp").toString());
        env.put("ANSIBLE_STDOUT_CALLBACK", "json");
        env.put("ANSIBLE_DEPRECATION_WARNINGS", "false");
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_ENDPOINT_URL", emulator.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", root.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", root.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        Processes.Result r = Processes.run(
                List.of(
                        "ansible-playbook",
                        "-i",
                        "localhost,",
                        "-c",
                        "local",
                        "-e",
                        "ansible_python_interpreter=" + python,
                        file.toString()),
                env,
                home,
                null,
                Duration.ofSeconds(600));
        String output = r.stdout() + r.stderr();
        Peers.missing(
                output.contains("couldn't resolve module/action"),
                "the amazon.aws and community.aws collections (with iam_role) are not installed: "
                        + output.lines()
                                .filter(l -> l.contains("couldn't resolve"))
                                .findFirst()
                                .orElse(""));
        assertThat(r.stdout()).as(r.toString()).contains("{");
        Map<String, Object> json =
                Json.parseObject(r.stdout().substring(r.stdout().indexOf('{')));
        Map<String, Map<String, Object>> results = new HashMap<>();
        List<String> failed = new ArrayList<>();
        for (Object play : (List<Object>) json.get("plays")) {
            for (Object task : (List<Object>) ((Map<String, Object>) play).get("tasks")) {
                String name = (String) ((Map<String, Object>) ((Map<String, Object>) task).get("task")).get("name");
                Map<String, Object> result = (Map<String, Object>)
                        ((Map<String, Object>) ((Map<String, Object>) task).get("hosts")).get("localhost");
                results.put(name, result);
                if (Boolean.TRUE.equals(result.get("failed"))) {
                    failed.add(name + ": " + result.get("msg"));
                }
            }
        }
        assertThat(failed).as("failed tasks").isEmpty();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return results;
    }
}

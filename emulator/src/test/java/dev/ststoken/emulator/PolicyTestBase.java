package dev.ststoken.emulator;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** An enforcing emulator, its root key and a client, for the classes that test IAM's policy calls. */
abstract class PolicyTestBase {
    static final String LIST_ROLES = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}}";
    static final String LIST_USERS = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"iam:ListUsers\",\"Resource\":\"*\"}}";

    @TempDir
    Path stateDir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:05Z"));
    Emulator emulator;
    IamClient client;
    AwsCredentials root;
    String account;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(stateDir).withClock(clock));
        client = new IamClient(emulator, clock);
        root = emulator.rootCredentials();
        account = emulator.accountId();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    AwsCredentials user(String name) throws Exception {
        client.call(root, "CreateUser", "UserName", name);
        var key = client.call(root, "CreateAccessKey", "UserName", name).child("AccessKey");
        return new AwsCredentials(key.textAt("AccessKeyId"), key.textAt("SecretAccessKey"));
    }

    String policyArn(String name) {
        return "arn:aws:iam::" + account + ":policy/" + name;
    }
}

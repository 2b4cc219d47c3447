package dev.ststoken.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsServiceException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request listener (the testing module's request log) hears each answer with its caller and refusal. */
class RequestListenerTest {
    @TempDir
    Path dir;

    final List<RequestListener.Answered> heard = new CopyOnWriteArrayList<>();
    Emulator emulator;
    IamClient client;

    @BeforeEach
    void start() throws Exception {
        emulator = Emulator.start(EmulatorConfig.forTests(dir.resolve("state")).withRequestListener(heard::add));
        client = new IamClient(emulator, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void an_allowed_call_is_heard_with_its_caller_and_no_error() throws Exception {
        DemoIdentity demo = emulator.demoIdentity();

        client.sts(demo.credentials(), "GetCallerIdentity");

        assertThat(heard).hasSize(1);
        RequestListener.Answered answered = heard.get(0);
        assertThat(answered.action()).isEqualTo("GetCallerIdentity");
        assertThat(answered.accessKeyId()).isEqualTo(demo.credentials().accessKeyId());
        assertThat(answered.callerArn()).isEqualTo("arn:aws:iam::" + emulator.accountId() + ":user/demo");
        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.errorCode()).isNull();
        assertThat(answered.errorMessage()).isNull();
        assertThat(answered.requestId()).isNotBlank();
    }

    @Test
    void a_policy_refusal_is_heard_with_the_caller_and_the_message_the_client_got() throws Exception {
        DemoIdentity demo = emulator.demoIdentity();

        StsServiceException refused = client.refusal(demo.credentials(), "ListRoles");

        RequestListener.Answered answered = heard.get(0);
        assertThat(answered.callerArn()).endsWith(":user/demo");
        assertThat(answered.status()).isEqualTo(403);
        assertThat(answered.errorCode()).isEqualTo(refused.code()).isEqualTo("AccessDenied");
        assertThat(answered.errorMessage()).isEqualTo(refused.awsMessage());
        assertThat(answered.requestId()).isEqualTo(refused.requestId());
    }

    @Test
    void a_bad_signature_is_heard_without_a_caller() {
        DemoIdentity demo = emulator.demoIdentity();
        AwsCredentials wrong =
                new AwsCredentials(demo.credentials().accessKeyId(), "not-the-secret-key-at-all-00000000000000");

        client.stsRefusal(wrong, "GetCallerIdentity");

        RequestListener.Answered answered = heard.get(0);
        assertThat(answered.accessKeyId()).isEqualTo(demo.credentials().accessKeyId());
        assertThat(answered.callerArn()).isNull();
        assertThat(answered.errorCode()).isEqualTo("SignatureDoesNotMatch");
    }
}

import dev.ststoken.awssdk.MfaSessionCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Says who an MFA session of your profile is, using nothing but the AWS SDK for Java v2 and
 * sts-session-token's provider. The profile needs long-term keys and {@code mfa_serial}; the code
 * comes from its {@code mfa_process}, else a prompt on the terminal. A second run within the
 * session's lifetime (and any {@code sts-session-token get --profile ...}) reuses the session.
 *
 * <p>Run it with our two jars and the SDK's {@code sts} and {@code iam} modules on the class path
 * (docs/guide.md's "Java library" section has the Maven coordinates):
 *
 * <pre>
 * AWS_PROFILE=me java -cp "$CLASSPATH" examples/WhoAmI.java
 * </pre>
 */
public class WhoAmI {
    public static void main(String[] args) {
        MfaSessionCredentialsProvider mfa = args.length > 0
                ? MfaSessionCredentialsProvider.create(args[0])   // the profile named on the command line
                : MfaSessionCredentialsProvider.create();          // aws.profile, AWS_PROFILE or "default"
        try (StsClient sts = StsClient.builder().credentialsProvider(mfa).build();
             IamClient iam = IamClient.builder().credentialsProvider(mfa).build()) {
            System.out.println(sts.getCallerIdentity().arn());
            // IAM refuses a session made without MFA when the account's policy asks for it; this one has it.
            System.out.println("MFA devices: " + iam.listMFADevices().mfaDevices().size());
        }
    }
}

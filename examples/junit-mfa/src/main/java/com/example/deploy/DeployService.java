package com.example.deploy;

import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Our service deploys as the {@code deploy} role, which its trust policy lets a person assume only
 * with MFA: the service passes on the device and the code the person gave it.
 */
public final class DeployService {
    private final StsClient sts;
    private final String deployRoleArn;

    public DeployService(StsClient sts, String deployRoleArn) {
        this.sts = sts;
        this.deployRoleArn = deployRoleArn;
    }

    /** The deploy role's temporary credentials; {@code mfaSerial} null: without MFA. */
    public Credentials deployCredentials(String user, String mfaSerial, String mfaCode) {
        AssumeRoleRequest.Builder request =
                AssumeRoleRequest.builder().roleArn(deployRoleArn).roleSessionName("deploy-" + user);
        if (mfaSerial != null) {
            request.serialNumber(mfaSerial).tokenCode(mfaCode);
        }
        return sts.assumeRole(request.build()).credentials();
    }
}

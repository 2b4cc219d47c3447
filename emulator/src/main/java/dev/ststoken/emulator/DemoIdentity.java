package dev.ststoken.emulator;

import dev.ststoken.credentials.AwsCredentials;

/** The {@code demo} IAM user created at first start: its long-term key and its virtual MFA device. */
public record DemoIdentity(AwsCredentials credentials, String mfaSerial, byte[] mfaSeed) {
    @Override
    public String toString() {
        return "DemoIdentity[" + credentials + ", mfaSerial=" + mfaSerial + ", mfaSeed=****]";
    }
}

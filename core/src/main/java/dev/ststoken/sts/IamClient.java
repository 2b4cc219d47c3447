package dev.ststoken.sts;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsTransportException;
import dev.ststoken.internal.ServerText;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The IAM actions a user runs on themself, on a {@link QueryClient}: their access keys (rotation)
 * and virtual MFA devices (enrolment). Answers are validated before anyone sees them, as
 * {@link StsClient} does with sessions: a new secret key must look like one before it is stored.
 */
public final class IamClient {
    public static final String IAM_VERSION = "2010-05-08";
    private final QueryClient query;

    public IamClient(QueryClient query) {
        this.query = query;
    }

    public IamClient(StsEndpoint endpoint, TlsSettings tls, Clock clock, Transport transport) {
        this(new QueryClient(endpoint, tls, clock, transport, "iam", IAM_VERSION));
    }

    /**
     * IAM's endpoint for a given STS endpoint: AWS's global IAM endpoint of the partition when STS is
     * AWS's own, else (a configured endpoint: an emulator, a proxy) the same URL, which serves both.
     */
    public static StsEndpoint endpointFor(StsEndpoint sts, String iamOverride) {
        if (iamOverride != null && !iamOverride.isBlank()) {
            return new StsEndpoint(URI.create(iamOverride), sts.signingRegion());
        }
        String host = sts.uri().getHost() == null ? "" : sts.uri().getHost();
        if (host.endsWith(".amazonaws.com.cn")) {
            return new StsEndpoint(URI.create("https://iam.cn-north-1.amazonaws.com.cn"), "cn-north-1");
        }
        if (host.endsWith(".amazonaws.com") && host.contains("us-gov")) {
            return new StsEndpoint(URI.create("https://iam.us-gov.amazonaws.com"), "us-gov-west-1");
        }
        if (host.endsWith(".amazonaws.com")) {
            return new StsEndpoint(URI.create("https://iam.amazonaws.com"), "us-east-1");
        }
        return sts;
    }

    public StsEndpoint endpoint() {
        return query.endpoint();
    }

    /** An access key as ListAccessKeys shows it. */
    public record AccessKeyInfo(String accessKeyId, boolean active) {}

    /** A virtual MFA device just created: its serial (ARN) and the seed, base32, and its QR code as PNG bytes. */
    public record VirtualMfaDevice(String serialNumber, String base32Seed, byte[] qrCodePng) {
        @Override
        public String toString() {
            return "VirtualMfaDevice[" + serialNumber + "]";
        }
    }

    /** An MFA device as ListMFADevices shows it. */
    public record MfaDeviceInfo(String serialNumber, String userName, String enableDate) {}

    /** The caller's user name (GetUser without a name): IAM wants it for the MFA device actions. */
    public String userName(AwsCredentials caller) throws StsException {
        QueryResult result = query.call("GetUser", List.of(), caller);
        String name = result.textAt("User", "UserName");
        if (name == null || name.isBlank()) {
            throw new StsTransportException(malformed("GetUser"), null);
        }
        return ServerText.printable(name);
    }

    public AwsCredentials createAccessKey(AwsCredentials caller) throws StsException {
        return createAccessKey(caller, null);
    }

    /** @param userName whose key (an administrator's call); null: the caller's own */
    public AwsCredentials createAccessKey(AwsCredentials caller, String userName) throws StsException {
        QueryResult key = query.call("CreateAccessKey", user(userName), caller).child("AccessKey");
        String id = key == null ? null : key.textAt("AccessKeyId");
        String secret = key == null ? null : key.textAt("SecretAccessKey");
        if (id == null
                || !CredentialValues.isAccessKeyId(id)
                || secret == null
                || !CredentialValues.isOpaqueSecret(secret)) {
            throw new StsTransportException(malformed("CreateAccessKey"), null);
        }
        return new AwsCredentials(id, secret);
    }

    public List<AccessKeyInfo> listAccessKeys(AwsCredentials caller) throws StsException {
        return listAccessKeys(caller, null);
    }

    /** @param userName whose keys (an administrator's call); null: the caller's own */
    public List<AccessKeyInfo> listAccessKeys(AwsCredentials caller, String userName) throws StsException {
        QueryResult metadata =
                query.call("ListAccessKeys", user(userName), caller).child("AccessKeyMetadata");
        List<AccessKeyInfo> keys = new ArrayList<>();
        if (metadata != null) {
            for (QueryResult member : metadata.children()) {
                String id = member.textAt("AccessKeyId");
                if (id == null || !CredentialValues.isAccessKeyId(id)) {
                    throw new StsTransportException(malformed("ListAccessKeys"), null);
                }
                keys.add(new AccessKeyInfo(id, "Active".equals(member.textAt("Status"))));
            }
        }
        return keys;
    }

    public void deleteAccessKey(AwsCredentials caller, String accessKeyId) throws StsException {
        deleteAccessKey(caller, null, accessKeyId);
    }

    /** @param userName whose key (an administrator's call); null: the caller's own */
    public void deleteAccessKey(AwsCredentials caller, String userName, String accessKeyId) throws StsException {
        List<Map.Entry<String, String>> params = new ArrayList<>(user(userName));
        params.add(Map.entry("AccessKeyId", accessKeyId));
        query.call("DeleteAccessKey", params, caller);
    }

    private static List<Map.Entry<String, String>> user(String userName) {
        return userName == null ? List.of() : List.of(Map.entry("UserName", userName));
    }

    public VirtualMfaDevice createVirtualMfaDevice(AwsCredentials caller, String deviceName) throws StsException {
        QueryResult device = query.call(
                        "CreateVirtualMFADevice", List.of(Map.entry("VirtualMFADeviceName", deviceName)), caller)
                .child("VirtualMFADevice");
        String serial = device == null ? null : device.textAt("SerialNumber");
        String seedBlob = device == null ? null : device.textAt("Base32StringSeed");
        String png = device == null ? null : device.textAt("QRCodePNG");
        // Both are blobs in IAM's model and travel base64-encoded; the seed blob is the base32 text.
        String seed;
        byte[] qr;
        try {
            seed = seedBlob == null
                    ? null
                    : new String(Base64.getMimeDecoder().decode(seedBlob), java.nio.charset.StandardCharsets.US_ASCII);
            qr = png == null ? null : Base64.getMimeDecoder().decode(png);
        } catch (IllegalArgumentException e) {
            throw new StsTransportException(malformed("CreateVirtualMFADevice") + " (not base64)", null);
        }
        if (serial == null || seed == null || !isBase32(seed) || !serial.startsWith("arn:")) {
            throw new StsTransportException(malformed("CreateVirtualMFADevice"), null);
        }
        return new VirtualMfaDevice(ServerText.printable(serial), seed, qr);
    }

    public void enableMfaDevice(AwsCredentials caller, String userName, String serial, String code1, String code2)
            throws StsException {
        query.call(
                "EnableMFADevice",
                List.of(
                        Map.entry("UserName", userName),
                        Map.entry("SerialNumber", serial),
                        Map.entry("AuthenticationCode1", code1),
                        Map.entry("AuthenticationCode2", code2)),
                caller);
    }

    public List<MfaDeviceInfo> listMfaDevices(AwsCredentials caller) throws StsException {
        QueryResult devices = query.call("ListMFADevices", List.of(), caller).child("MFADevices");
        List<MfaDeviceInfo> result = new ArrayList<>();
        if (devices != null) {
            for (QueryResult member : devices.children()) {
                String serial = member.textAt("SerialNumber");
                if (serial == null) {
                    throw new StsTransportException(malformed("ListMFADevices"), null);
                }
                result.add(new MfaDeviceInfo(
                        ServerText.printable(serial),
                        ServerText.printable(member.textAt("UserName")),
                        ServerText.printable(member.textAt("EnableDate"))));
            }
        }
        return result;
    }

    public void deactivateMfaDevice(AwsCredentials caller, String userName, String serial) throws StsException {
        query.call(
                "DeactivateMFADevice",
                List.of(Map.entry("UserName", userName), Map.entry("SerialNumber", serial)),
                caller);
    }

    public void deleteVirtualMfaDevice(AwsCredentials caller, String serial) throws StsException {
        query.call("DeleteVirtualMFADevice", List.of(Map.entry("SerialNumber", serial)), caller);
    }

    private static boolean isBase32(String seed) {
        if (seed.isEmpty() || seed.length() > 128) {
            return false;
        }
        for (int i = 0; i < seed.length(); i++) {
            char c = seed.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7') || c == '=')) {
                return false;
            }
        }
        return true;
    }

    private String malformed(String action) {
        return "malformed " + action + " response from " + query.endpoint().uri();
    }
}

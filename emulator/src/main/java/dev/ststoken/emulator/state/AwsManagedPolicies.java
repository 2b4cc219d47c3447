package dev.ststoken.emulator.state;

import dev.ststoken.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS managed policies ({@code arn:aws:iam::aws:policy/...}), as a snapshot taken from moto's copy
 * (Apache-2.0; see {@code aws-managed-policies.json}'s {@code source}, and
 * {@code emulator/src/build/aws_managed_policies.py}, which wrote it): a curated subset, each with its
 * default version only. The snapshot is read the first time an AWS policy ARN is looked up, not when
 * the emulator starts: most tests never touch one.
 */
public final class AwsManagedPolicies {
    /** The ARN prefix of AWS's policies: the account is the word {@code aws}. */
    public static final String ARN_PREFIX = "arn:aws:iam::aws:policy/";

    static final String RESOURCE = "aws-managed-policies.json";

    private AwsManagedPolicies() {}

    /** The AWS managed policy with this ARN, or null (an account's ARN never loads the snapshot). */
    public static ManagedPolicy get(String arn) {
        return arn.startsWith(ARN_PREFIX) ? Snapshot.BY_ARN.get(arn) : null;
    }

    /** Every policy of the snapshot, by name. */
    public static Collection<ManagedPolicy> all() {
        return Snapshot.BY_ARN.values();
    }

    public static String arn(ManagedPolicy policy) {
        return Arns.policy("aws", policy.path(), policy.name());
    }

    /** Loaded on first use (the JVM runs a holder class's initializer once, thread-safely). */
    private static final class Snapshot {
        static final Map<String, ManagedPolicy> BY_ARN = load();
    }

    @SuppressWarnings("unchecked")
    static Map<String, ManagedPolicy> load() {
        String text;
        try (InputStream in = AwsManagedPolicies.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the emulator's jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ManagedPolicy> byArn = new LinkedHashMap<>();
        for (Object item : (List<Object>) Json.parseObject(text).get("policies")) {
            Map<String, Object> p = (Map<String, Object>) item;
            String name = (String) p.get("name");
            String versionId = (String) p.get("defaultVersionId");
            Instant created = Instant.parse((String) p.get("created"));
            Instant updated = Instant.parse((String) p.get("updated"));
            ManagedPolicy policy = new ManagedPolicy(
                    name,
                    policyId(name),
                    (String) p.get("path"),
                    null,
                    created,
                    updated,
                    versionId,
                    List.of(new PolicyVersion(versionId, (String) p.get("document"), updated)),
                    Integer.parseInt(versionId.substring(1)) + 1,
                    null,
                    true);
            byArn.put(arn(policy), policy);
        }
        return java.util.Collections.unmodifiableMap(byArn);
    }

    /**
     * A stable id in IAM's form (ANPA and 17 characters) made from the name: the snapshot has no ids,
     * and one emulator after another must give a policy the same one. Two 64-bit FNV-1a hashes give
     * the 85 bits; nothing here needs a cryptographic hash, whose provider costs a cold JVM far more.
     */
    static String policyId(String name) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        long high = fnv(name, 0xcbf29ce484222325L);
        long low = fnv(name, high);
        StringBuilder id = new StringBuilder("ANPA");
        for (int i = 0; i < 17; i++) {
            long bits = i < 12 ? high >>> (i * 5) : low >>> ((i - 12) * 5);
            id.append(alphabet.charAt((int) (bits & 31)));
        }
        return id.toString();
    }

    private static long fnv(String text, long basis) {
        long hash = basis;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}

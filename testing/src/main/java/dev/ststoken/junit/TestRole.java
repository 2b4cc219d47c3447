package dev.ststoken.junit;

import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.QueryResult;
import java.util.ArrayList;
import java.util.List;

/**
 * An IAM role of the emulator's account: {@code sts.role("deploy").trustingWithMfa(alice)
 * .withPolicy(json)}. Created trusting the account (its identities whose own policies allow
 * sts:AssumeRole on it, as AWS reads "arn:aws:iam::ACCOUNT:root"); the trust methods replace that
 * policy (UpdateAssumeRolePolicy).
 */
public final class TestRole {
    private final EmulatorRun run;
    private final String name;
    private final String arn;
    private int inlinePolicies;

    private TestRole(EmulatorRun run, String name, String arn) {
        this.run = run;
        this.name = name;
        this.arn = arn;
    }

    static TestRole createOrFind(EmulatorRun run, String name) {
        String trust = trustPolicy(List.of("arn:aws:iam::" + run.accountId() + ":root"), false);
        QueryResult role = run.fixture("CreateRole " + name, run.root, () -> {
            try {
                return run.iam.call(
                        "CreateRole", EmulatorRun.pairs("RoleName", name, "AssumeRolePolicyDocument", trust), run.root);
            } catch (StsServiceException e) {
                if (!e.code().equals("EntityAlreadyExists")) {
                    throw e;
                }
                return run.iam.call("GetRole", EmulatorRun.pairs("RoleName", name), run.root);
            }
        });
        return new TestRole(run, name, role.textAt("Role", "Arn"));
    }

    /** {"Principal":{"AWS":[...]},"Action":"sts:AssumeRole"}, with MFA required when asked. */
    static String trustPolicy(List<String> principals, boolean mfa) {
        StringBuilder aws = new StringBuilder();
        for (String principal : principals) {
            aws.append(aws.length() == 0 ? "" : ",")
                    .append('"')
                    .append(principal)
                    .append('"');
        }
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[" + aws
                + "]},\"Action\":\"sts:AssumeRole\""
                + (mfa ? ",\"Condition\":{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}" : "")
                + "}]}";
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    /** Only these users may assume the role; no identity policy of theirs is needed (they are named). */
    public TestRole trusting(TestUser... users) {
        return withTrustPolicy(trustPolicy(arns(users), false));
    }

    /** Only these users, and only with MFA (aws:MultiFactorAuthPresent): an MFA session, or AssumeRole with a code. */
    public TestRole trustingWithMfa(TestUser... users) {
        return withTrustPolicy(trustPolicy(arns(users), true));
    }

    /**
     * Only web identities of this registered issuer whose token's {@code sub} matches the pattern
     * ({@code StringLike}: {@code *} and {@code ?} wildcards, as GitHub Actions roles use
     * {@code repo:ORG/REPO:*}) and whose {@code aud} is sts.amazonaws.com, by
     * AssumeRoleWithWebIdentity.
     */
    public TestRole trustingWebIdentity(TestOidcIssuer issuer, String subjectPattern) {
        return trustingWebIdentity(issuer, TestOidcIssuer.STS_AUDIENCE, subjectPattern);
    }

    /** As {@link #trustingWebIdentity(TestOidcIssuer, String)}, for tokens with this audience. */
    public TestRole trustingWebIdentity(TestOidcIssuer issuer, String audience, String subjectPattern) {
        if (issuer.providerArn() == null) {
            throw new IllegalArgumentException(issuer + " is not registered: make it with sts.oidcIssuer()");
        }
        String name = issuer.providerName();
        return withTrustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":" + TestOidcIssuer.json(issuer.providerArn()) + "},"
                + "\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{"
                + "\"StringEquals\":{" + TestOidcIssuer.json(name + ":aud") + ":" + TestOidcIssuer.json(audience) + "},"
                + "\"StringLike\":{" + TestOidcIssuer.json(name + ":sub") + ":" + TestOidcIssuer.json(subjectPattern)
                + "}}}]}");
    }

    /** Any trust policy (UpdateAssumeRolePolicy). */
    public TestRole withTrustPolicy(String policyJson) {
        run.iam("UpdateAssumeRolePolicy", "RoleName", name, "PolicyDocument", policyJson);
        return this;
    }

    /** An inline policy (PutRolePolicy): what the role's sessions may do. Named inline-1, inline-2, ... */
    public TestRole withPolicy(String policyJson) {
        return withPolicy("inline-" + ++inlinePolicies, policyJson);
    }

    public TestRole withPolicy(String policyName, String policyJson) {
        run.iam("PutRolePolicy", "RoleName", name, "PolicyName", policyName, "PolicyDocument", policyJson);
        return this;
    }

    /** A managed policy attached to the role (AttachRolePolicy). */
    public TestRole withManagedPolicy(String policyArn) {
        run.iam("AttachRolePolicy", "RoleName", name, "PolicyArn", policyArn);
        return this;
    }

    private static List<String> arns(TestUser... users) {
        if (users.length == 0) {
            throw new IllegalArgumentException("name at least one user to trust");
        }
        List<String> arns = new ArrayList<>();
        for (TestUser user : users) {
            arns.add(user.arn());
        }
        return arns;
    }

    @Override
    public String toString() {
        return "TestRole[" + arn + "]";
    }
}

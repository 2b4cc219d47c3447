package dev.ststoken.junit;

import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.QueryResult;

/** An IAM group of the emulator's account: {@code sts.group("deployers").withPolicy(json).withMember(alice)}. */
public final class TestGroup {
    private final EmulatorRun run;
    private final String name;
    private final String arn;
    private int inlinePolicies;

    private TestGroup(EmulatorRun run, String name, String arn) {
        this.run = run;
        this.name = name;
        this.arn = arn;
    }

    static TestGroup createOrFind(EmulatorRun run, String name) {
        QueryResult group = run.fixture("CreateGroup " + name, run.root, () -> {
            try {
                return run.iam.call("CreateGroup", EmulatorRun.pairs("GroupName", name), run.root);
            } catch (StsServiceException e) {
                if (!e.code().equals("EntityAlreadyExists")) {
                    throw e;
                }
                return run.iam.call("GetGroup", EmulatorRun.pairs("GroupName", name), run.root);
            }
        });
        return new TestGroup(run, name, group.textAt("Group", "Arn"));
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    /** Adds users to the group (AddUserToGroup). */
    public TestGroup withMember(TestUser... users) {
        for (TestUser user : users) {
            run.iam("AddUserToGroup", "GroupName", name, "UserName", user.name());
        }
        return this;
    }

    /** An inline policy (PutGroupPolicy), named inline-1, inline-2, ... */
    public TestGroup withPolicy(String policyJson) {
        return withPolicy("inline-" + ++inlinePolicies, policyJson);
    }

    public TestGroup withPolicy(String policyName, String policyJson) {
        run.iam("PutGroupPolicy", "GroupName", name, "PolicyName", policyName, "PolicyDocument", policyJson);
        return this;
    }

    /** A managed policy attached to the group (AttachGroupPolicy). */
    public TestGroup withManagedPolicy(String policyArn) {
        run.iam("AttachGroupPolicy", "GroupName", name, "PolicyArn", policyArn);
        return this;
    }

    @Override
    public String toString() {
        return "TestGroup[" + arn + "]";
    }
}

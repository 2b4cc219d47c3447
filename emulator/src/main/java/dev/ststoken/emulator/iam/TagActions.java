package dev.ststoken.emulator.iam;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.request.AwsErrorCode;
import dev.ststoken.emulator.request.Caller;
import dev.ststoken.emulator.request.Constraints;
import dev.ststoken.emulator.request.XmlResponse;
import dev.ststoken.emulator.state.Account;
import dev.ststoken.emulator.state.InstanceProfile;
import dev.ststoken.emulator.state.ManagedPolicy;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.StateStore;
import dev.ststoken.emulator.state.Tags;
import dev.ststoken.emulator.state.User;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tags of roles, users, customer managed policies and instance profiles: {@code Tag...},
 * {@code Untag...} and {@code List...Tags}, one set per {@link Kind}. As IAM has it, the tag keys of
 * users and roles are case-insensitive (a tag {@code env} replaces {@code Env}); those of the others
 * are not.
 */
final class TagActions {
    static final Pattern KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    static final Pattern VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    /** What differs between the tagged resources: the parameter that names one, its lookup and change. */
    enum Kind {
        ROLE("Role", "RoleName", true),
        USER("User", "UserName", true),
        POLICY("Policy", "PolicyArn", false),
        INSTANCE_PROFILE("InstanceProfile", "InstanceProfileName", false);

        final String word;
        final String parameter;
        final boolean caseInsensitive;

        Kind(String word, String parameter, boolean caseInsensitive) {
            this.word = word;
            this.parameter = parameter;
            this.caseInsensitive = caseInsensitive;
        }

        String name(IamParameters params) throws AwsError {
            return this == POLICY ? params.policyArn() : params.requiredName(parameter, 128);
        }

        /** The resource's ARN, also for one that does not exist (authorization comes before lookup). */
        String arn(Account account, String name) {
            switch (this) {
                case ROLE:
                    return IamAuthorizer.roleArn(account, name);
                case USER:
                    return account.userArn(name);
                case POLICY:
                    return name;
                default:
                    InstanceProfile profile = account.instanceProfiles().get(name);
                    return profile == null
                            ? dev.ststoken.emulator.state.Arns.instanceProfile(account.accountId(), "/", name)
                            : account.instanceProfileArn(profile);
            }
        }

        Map<String, String> tags(Account account, String name) throws AwsError {
            switch (this) {
                case ROLE:
                    return RoleActions.existingRole(account, name).tags();
                case USER:
                    return UserActions.existingUser(account, name).tags();
                case POLICY:
                    return PolicyActions.existingPolicy(account, name).tags();
                default:
                    return InstanceProfileActions.existing(account, name).tags();
            }
        }

        Account with(Account account, String name, Map<String, String> tags) throws AwsError {
            switch (this) {
                case ROLE:
                    Role role = RoleActions.existingRole(account, name);
                    return account.withRole(role.withTags(tags));
                case USER:
                    User user = UserActions.existingUser(account, name);
                    return account.withUser(user.withTags(tags));
                case POLICY:
                    ManagedPolicy policy = PolicyActions.ownPolicy(account, name);
                    return account.withPolicy(policy.withTags(tags));
                default:
                    InstanceProfile profile = InstanceProfileActions.existing(account, name);
                    return account.withInstanceProfile(profile.withTags(tags));
            }
        }
    }

    private final StateStore store;
    private final Kind kind;

    TagActions(StateStore store, Kind kind) {
        this.store = store;
        this.kind = kind;
    }

    void register(Map<String, IamAction> table) {
        table.put("Tag" + kind.word, this::tag);
        table.put("Untag" + kind.word, this::untag);
        table.put("List" + kind.word + "Tags", this::list);
    }

    /**
     * The {@code Tags} of a Create or Tag request ({@code Tags.member.N.Key}/{@code .Value}), checked
     * as IAM's model and IAM check them; empty when absent.
     */
    static Map<String, String> requested(IamParameters params) throws AwsError {
        List<Map<String, String>> members = params.structures("Tags");
        if (members.size() > Tags.MAX) {
            throw AwsError.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + Tags.MAX);
        }
        Map<String, String> tags = new LinkedHashMap<>();
        Constraints c = new Constraints();
        for (int i = 0; i < members.size(); i++) {
            String key = members.get(i).get("Key");
            String value = members.get(i).get("Value");
            if (key == null || value == null) {
                throw AwsError.validation("1 validation error detected: Value null at 'tags." + (i + 1) + ".member."
                        + (key == null ? "key" : "value") + "' failed to satisfy constraint: Member must not be null");
            }
            c.string("tags." + (i + 1) + ".member.key", key, 1, 128, KEY);
            c.string("tags." + (i + 1) + ".member.value", value, 0, 256, VALUE);
            for (String existing : tags.keySet()) {
                if (existing.equalsIgnoreCase(key)) {
                    throw AwsErrorCode.INVALID_INPUT.error(
                            "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
                }
            }
            tags.put(key, value);
        }
        c.check();
        return tags;
    }

    /** The tags after adding these: a key already there (in IAM's sense of equal) gets the new value. */
    Map<String, String> merged(Map<String, String> current, Map<String, String> added) throws AwsError {
        Map<String, String> out = new LinkedHashMap<>(current);
        for (Map.Entry<String, String> tag : added.entrySet()) {
            out.keySet().removeIf(key -> same(key, tag.getKey()));
            out.put(tag.getKey(), tag.getValue());
        }
        if (out.size() > Tags.MAX) {
            throw AwsErrorCode.LIMIT_EXCEEDED.error("The number of tags has reached the maximum limit.");
        }
        return out;
    }

    private boolean same(String a, String b) {
        return kind.caseInsensitive ? a.equalsIgnoreCase(b) : a.equals(b);
    }

    /** A resource's tags as IAM's results have them: {@code <Tags><member><Key/><Value/></member>...}. */
    static String xml(Map<String, String> tags) {
        XmlResponse xml = new XmlResponse().open("Tags");
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            xml.open("member")
                    .element("Key", tag.getKey())
                    .element("Value", tag.getValue())
                    .close("member");
        }
        return xml.close("Tags").body();
    }

    private String tag(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = kind.name(params);
        Map<String, String> added = requested(params);
        if (added.isEmpty()) {
            throw AwsError.validation(
                    "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null");
        }
        IamAuthorizer.requireRoot(caller, account, "Tag" + kind.word, kind.arn(account, name));
        return store.mutate(current ->
                StateStore.Changed.to(kind.with(current, name, merged(kind.tags(current, name), added)), null));
    }

    private String untag(IamParameters params, Caller caller, Account account) throws AwsError, IOException {
        String name = kind.name(params);
        List<String> keys = params.list("TagKeys");
        if (keys.isEmpty()) {
            throw AwsError.validation("1 validation error detected: Value null at 'tagKeys' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        Constraints c = new Constraints();
        if (keys.size() > Tags.MAX) {
            throw AwsError.validation("1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + Tags.MAX);
        }
        for (int i = 0; i < keys.size(); i++) {
            c.string("tagKeys." + (i + 1) + ".member", keys.get(i), 1, 128, KEY);
        }
        c.check();
        IamAuthorizer.requireRoot(caller, account, "Untag" + kind.word, kind.arn(account, name));
        return store.mutate(current -> {
            Map<String, String> tags = new LinkedHashMap<>(kind.tags(current, name));
            for (String key : keys) {
                tags.keySet().removeIf(existing -> same(existing, key));
            }
            return StateStore.Changed.to(kind.with(current, name, tags), null);
        });
    }

    private String list(IamParameters params, Caller caller, Account account) throws AwsError {
        String name = kind.name(params);
        IamAuthorizer.requireRoot(caller, account, "List" + kind.word + "Tags", kind.arn(account, name));
        Page<Map.Entry<String, String>> page =
                Page.of(new ArrayList<>(kind.tags(account, name).entrySet()), params);
        Map<String, String> shown = new LinkedHashMap<>();
        for (Map.Entry<String, String> tag : page.items()) {
            shown.put(tag.getKey(), tag.getValue());
        }
        return page.close(new XmlResponse().raw(xml(shown))).body();
    }
}

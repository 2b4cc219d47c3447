package dev.ststoken.emulator.state;

import dev.ststoken.internal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code state.json}, format 1: the account as JSON. Fields added after the first release
 * ({@code creatorId}, {@code mfaFailures}, {@code lastMfaFailure}, and with policies
 * {@code enforceIam}, {@code groups}, {@code managedPolicies}, each identity's {@code inlinePolicies},
 * {@code attachedPolicies} and a user's {@code groups}, and since instance profiles
 * {@code instanceProfiles} and the {@code tags} of users, roles and policies, and the root user's
 * {@code rootLoginPassword}) are optional on reading, so an older state
 * dir keeps working; one without {@code enforceIam} is read as not enforcing policies.
 */
final class AccountCodec {
    static final long FORMAT = 1;

    private AccountCodec() {}

    /** A message for a file that is not a state file; never includes the file's content (it holds secrets). */
    static final class CorruptStateException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptStateException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static String write(Account account) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("revision", account.revision());
        map.put("accountId", account.accountId());
        map.put("tokenKey", Base64.getEncoder().encodeToString(account.tokenKey()));
        map.put("created", account.created().toString());
        List<Object> users = new ArrayList<>();
        for (User u : account.users().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.name());
            m.put("userId", u.userId());
            m.put("path", u.path());
            m.put("created", u.created().toString());
            if (u.loginPassword() != null) {
                m.put("loginPassword", u.loginPassword());
            }
            if (u.mfaFailures() > 0) {
                m.put("mfaFailures", (long) u.mfaFailures());
                m.put("lastMfaFailure", u.lastMfaFailure().toString());
            }
            if (!u.groups().isEmpty()) {
                m.put("groups", new ArrayList<Object>(u.groups()));
            }
            writePermissions(m, u.permissions());
            writeTags(m, u.tags());
            users.add(m);
        }
        map.put("users", users);
        List<Object> keys = new ArrayList<>();
        for (AccessKey k : account.accessKeys().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k.id());
            m.put("secret", k.secret());
            m.put("owner", k.owner());
            m.put("active", k.active());
            m.put("created", k.created().toString());
            keys.add(m);
        }
        map.put("accessKeys", keys);
        List<Object> devices = new ArrayList<>();
        for (MfaDevice d : account.mfaDevices().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("serial", d.serial());
            m.put("seed", d.seed());
            m.put("user", d.user());
            m.put("enabled", d.enabled());
            m.put("created", d.created().toString());
            m.put("enabledAt", d.enabledAt() == null ? null : d.enabledAt().toString());
            m.put("lastUsedStep", d.lastUsedStep());
            m.put("creatorId", d.creatorId());
            devices.add(m);
        }
        map.put("mfaDevices", devices);
        List<Object> roles = new ArrayList<>();
        for (Role r : account.roles().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("roleId", r.roleId());
            m.put("path", r.path());
            m.put("maxSessionDuration", (long) r.maxSessionDuration());
            m.put("assumeRolePolicyDocument", r.assumeRolePolicyDocument());
            m.put("description", r.description());
            m.put("created", r.created().toString());
            writePermissions(m, r.permissions());
            writeTags(m, r.tags());
            roles.add(m);
        }
        map.put("roles", roles);
        List<Object> groups = new ArrayList<>();
        for (Group g : account.groups().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name());
            m.put("groupId", g.groupId());
            m.put("path", g.path());
            m.put("created", g.created().toString());
            writePermissions(m, g.permissions());
            groups.add(m);
        }
        map.put("groups", groups);
        List<Object> policies = new ArrayList<>();
        for (ManagedPolicy p : account.policies().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("policyId", p.policyId());
            m.put("path", p.path());
            m.put("description", p.description());
            m.put("created", p.created().toString());
            m.put("updated", p.updated().toString());
            m.put("defaultVersionId", p.defaultVersionId());
            m.put("nextVersion", (long) p.nextVersion());
            List<Object> versions = new ArrayList<>();
            for (PolicyVersion v : p.versions()) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("versionId", v.versionId());
                vm.put("document", v.document());
                vm.put("created", v.created().toString());
                versions.add(vm);
            }
            m.put("versions", versions);
            writeTags(m, p.tags());
            policies.add(m);
        }
        map.put("managedPolicies", policies);
        if (!account.instanceProfiles().isEmpty()) {
            List<Object> profiles = new ArrayList<>();
            for (InstanceProfile p : account.instanceProfiles().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", p.name());
                m.put("instanceProfileId", p.instanceProfileId());
                m.put("path", p.path());
                m.put("created", p.created().toString());
                m.put("roles", new ArrayList<Object>(p.roles()));
                writeTags(m, p.tags());
                profiles.add(m);
            }
            map.put("instanceProfiles", profiles);
        }
        map.put("enforceIam", account.enforceIam());
        if (account.rootLoginPassword() != null) {
            map.put("rootLoginPassword", account.rootLoginPassword());
        }
        return Json.write(map) + "\n";
    }

    private static void writePermissions(Map<String, Object> m, Permissions permissions) {
        if (!permissions.inline().isEmpty()) {
            m.put("inlinePolicies", new LinkedHashMap<String, Object>(permissions.inline()));
        }
        if (!permissions.attached().isEmpty()) {
            m.put("attachedPolicies", new ArrayList<Object>(permissions.attached()));
        }
    }

    private static void writeTags(Map<String, Object> m, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            m.put("tags", new LinkedHashMap<String, Object>(tags));
        }
    }

    private static Map<String, String> tags(Map<String, Object> m) {
        Map<String, String> tags = new LinkedHashMap<>();
        Object raw = m.get("tags");
        if (raw != null) {
            if (!(raw instanceof Map)) {
                throw new IllegalArgumentException("non-object 'tags'");
            }
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) raw).entrySet()) {
                if (!(entry.getValue() instanceof String)) {
                    throw new IllegalArgumentException("non-string tag value");
                }
                tags.put((String) entry.getKey(), (String) entry.getValue());
            }
        }
        return tags;
    }

    private static Permissions permissions(Map<String, Object> m) {
        Map<String, String> inline = new LinkedHashMap<>();
        Object raw = m.get("inlinePolicies");
        if (raw != null) {
            if (!(raw instanceof Map)) {
                throw new IllegalArgumentException("non-object 'inlinePolicies'");
            }
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) raw).entrySet()) {
                if (!(entry.getValue() instanceof String)) {
                    throw new IllegalArgumentException("non-string inline policy");
                }
                inline.put((String) entry.getKey(), (String) entry.getValue());
            }
        }
        return new Permissions(inline, strings(m, "attachedPolicies"));
    }

    private static List<String> strings(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("non-list '" + key + "'");
        }
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) value) {
            if (!(item instanceof String)) {
                throw new IllegalArgumentException("non-string in '" + key + "'");
            }
            out.add((String) item);
        }
        return out;
    }

    static Account read(String text) throws CorruptStateException {
        try {
            return account(Json.parseObject(text));
        } catch (Json.ParseException e) {
            throw new CorruptStateException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CorruptStateException(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    private static Account account(Map<String, Object> map) {
        if (number(map, "format") != FORMAT) {
            throw new IllegalArgumentException("unknown format " + map.get("format"));
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (Map<String, Object> m : list(map, "users")) {
            Object failures = m.get("mfaFailures");
            User u = new User(
                    string(m, "name"),
                    string(m, "userId"),
                    string(m, "path"),
                    instant(m, "created"),
                    failures == null ? 0 : (int) number(m, "mfaFailures"),
                    failures == null ? null : instant(m, "lastMfaFailure"),
                    strings(m, "groups"),
                    permissions(m),
                    optional(m, "loginPassword"),
                    tags(m));
            users.put(u.name(), u);
        }
        Map<String, AccessKey> keys = new LinkedHashMap<>();
        for (Map<String, Object> m : list(map, "accessKeys")) {
            AccessKey k = new AccessKey(
                    string(m, "id"),
                    string(m, "secret"),
                    optional(m, "owner"),
                    Boolean.TRUE.equals(m.get("active")),
                    instant(m, "created"));
            keys.put(k.id(), k);
        }
        Map<String, MfaDevice> devices = new LinkedHashMap<>();
        for (Map<String, Object> m : list(map, "mfaDevices")) {
            MfaDevice d = new MfaDevice(
                    string(m, "serial"),
                    string(m, "seed"),
                    optional(m, "user"),
                    Boolean.TRUE.equals(m.get("enabled")),
                    instant(m, "created"),
                    m.get("enabledAt") == null ? null : instant(m, "enabledAt"),
                    number(m, "lastUsedStep"),
                    optional(m, "creatorId"));
            devices.put(d.serial(), d);
        }
        Map<String, Role> roles = new LinkedHashMap<>();
        for (Map<String, Object> m : list(map, "roles")) {
            Role r = Role.builder()
                    .name(string(m, "name"))
                    .roleId(string(m, "roleId"))
                    .path(string(m, "path"))
                    .maxSessionDuration((int) number(m, "maxSessionDuration"))
                    .assumeRolePolicyDocument(optional(m, "assumeRolePolicyDocument"))
                    .description(optional(m, "description"))
                    .created(instant(m, "created"))
                    .permissions(permissions(m))
                    .tags(tags(m))
                    .build();
            roles.put(r.name(), r);
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Map<String, Object> m : map.containsKey("groups") ? list(map, "groups") : List.<Map<String, Object>>of()) {
            Group g = new Group(
                    string(m, "name"), string(m, "groupId"), string(m, "path"), instant(m, "created"), permissions(m));
            groups.put(g.name(), g);
        }
        String accountId = string(map, "accountId");
        Map<String, ManagedPolicy> policies = new LinkedHashMap<>();
        for (Map<String, Object> m :
                map.containsKey("managedPolicies") ? list(map, "managedPolicies") : List.<Map<String, Object>>of()) {
            List<PolicyVersion> versions = new ArrayList<>();
            for (Map<String, Object> v : list(m, "versions")) {
                versions.add(new PolicyVersion(string(v, "versionId"), string(v, "document"), instant(v, "created")));
            }
            ManagedPolicy p = new ManagedPolicy(
                    string(m, "name"),
                    string(m, "policyId"),
                    string(m, "path"),
                    optional(m, "description"),
                    instant(m, "created"),
                    instant(m, "updated"),
                    string(m, "defaultVersionId"),
                    versions,
                    (int) number(m, "nextVersion"),
                    tags(m),
                    false);
            policies.put(Arns.policy(accountId, p.path(), p.name()), p);
        }
        Map<String, InstanceProfile> profiles = new LinkedHashMap<>();
        for (Map<String, Object> m :
                map.containsKey("instanceProfiles") ? list(map, "instanceProfiles") : List.<Map<String, Object>>of()) {
            InstanceProfile p = new InstanceProfile(
                    string(m, "name"),
                    string(m, "instanceProfileId"),
                    string(m, "path"),
                    instant(m, "created"),
                    strings(m, "roles"),
                    tags(m));
            profiles.put(p.name(), p);
        }
        return Account.builder()
                .revision(number(map, "revision"))
                .accountId(accountId)
                .tokenKey(Base64.getDecoder().decode(string(map, "tokenKey")))
                .created(instant(map, "created"))
                .users(users)
                .accessKeys(keys)
                .mfaDevices(devices)
                .roles(roles)
                .groups(groups)
                .policies(policies)
                .instanceProfiles(profiles)
                .enforceIam(Boolean.TRUE.equals(map.get("enforceIam")))
                .rootLoginPassword(optional(map, "rootLoginPassword"))
                .build();
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("missing or non-string '" + key + "'");
        }
        return (String) value;
    }

    private static String optional(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("non-string '" + key + "'");
        }
        return (String) value;
    }

    private static Instant instant(Map<String, Object> map, String key) {
        return Instant.parse(string(map, key));
    }

    private static long number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof Long)) {
            throw new IllegalArgumentException("missing or non-integer '" + key + "'");
        }
        return (Long) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("missing or non-list '" + key + "'");
        }
        for (Object item : (List<Object>) value) {
            if (!(item instanceof Map)) {
                throw new IllegalArgumentException("non-object in '" + key + "'");
            }
        }
        return (List<Map<String, Object>>) value;
    }
}

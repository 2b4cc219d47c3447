package dev.ststoken.emulator;

import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.Json;
import dev.ststoken.totp.Base32;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulator's account: identities, keys, MFA devices, roles, the last used TOTP step of each
 * device and the key that seals session tokens. Kept in {@code state.json} in the state dir.
 * Every change is made under a file lock, on a fresh read of the file, and written atomically, so
 * several processes (a server and {@code get --local}) can share one state dir.
 */
final class EmulatorState {
    static final String STATE_FILE = "state.json";
    static final String DEMO_USER = "demo";

    static final class User {
        String name;
        String userId;
        String path = "/";
        Instant created;
    }

    static final class AccessKey {
        String id;
        String secret;
        String owner; // user name, or null for root
        boolean active = true;
        Instant created;
    }

    static final class MfaDevice {
        String serial;
        String seed; // base32
        String user; // set when enabled
        boolean enabled;
        Instant created;
        Instant enabledAt;
        long lastUsedStep = -1;
    }

    static final class Role {
        String name;
        String roleId;
        String path = "/";
        int maxSessionDuration = 3600;
        String assumeRolePolicyDocument;
        String description;
        Instant created;
    }

    String accountId;
    byte[] tokenKey;
    Instant created;
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, AccessKey> accessKeys = new LinkedHashMap<>();
    final Map<String, MfaDevice> mfaDevices = new LinkedHashMap<>();
    final Map<String, Role> roles = new LinkedHashMap<>();

    private final Path dir;
    private long revision;
    /** Identity of the state file last read or written, to skip re-reading an unchanged file. */
    private Object loadedFileKey;

    private EmulatorState(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    String userArn(String userName) {
        User user = users.get(userName);
        String path = user == null ? "/" : user.path;
        return "arn:aws:iam::" + accountId + ":user" + path + userName;
    }

    String rootArn() {
        return "arn:aws:iam::" + accountId + ":root";
    }

    String roleArn(Role role) {
        return "arn:aws:iam::" + accountId + ":role" + role.path + role.name;
    }

    String mfaSerial(String deviceName, String path) {
        return "arn:aws:iam::" + accountId + ":mfa" + (path == null ? "/" : path) + deviceName;
    }

    /** Loads the state dir, creating the account and the demo identity on first start. */
    static EmulatorState openOrCreate(Path dir, Clock clock, Ids ids) throws EmulatorStateException {
        try {
            AtomicFiles.createPrivateDirectory(dir);
        } catch (IOException e) {
            throw new EmulatorStateException("cannot create state dir " + dir + ": " + e.getMessage(), e);
        }
        EmulatorState state = new EmulatorState(dir);
        try (FileLock lock = state.lock()) {
            if (state.readIfPresent()) {
                return state;
            }
            state.bootstrap(clock, ids);
            state.save();
            state.writeProfiles();
            return state;
        } catch (IOException e) {
            throw new EmulatorStateException("cannot use state dir " + dir + ": " + e.getMessage(), e);
        }
    }

    private void bootstrap(Clock clock, Ids ids) {
        Instant now = clock.instant();
        accountId = ids.accountId();
        tokenKey = ids.bytes(32);
        created = now;
        AccessKey root = new AccessKey();
        root.id = ids.id("AKIA");
        root.secret = ids.secret();
        root.created = now;
        accessKeys.put(root.id, root);

        User demo = new User();
        demo.name = DEMO_USER;
        demo.userId = ids.id("AIDA");
        demo.created = now;
        users.put(demo.name, demo);
        AccessKey demoKey = new AccessKey();
        demoKey.id = ids.id("AKIA");
        demoKey.secret = ids.secret();
        demoKey.owner = DEMO_USER;
        demoKey.created = now;
        accessKeys.put(demoKey.id, demoKey);
        MfaDevice device = new MfaDevice();
        device.serial = mfaSerial(DEMO_USER, "/");
        device.seed = Base32.encode(ids.bytes(20));
        device.user = DEMO_USER;
        device.enabled = true;
        device.created = now;
        device.enabledAt = now;
        mfaDevices.put(device.serial, device);
    }

    AccessKey rootKey() {
        for (AccessKey key : accessKeys.values()) {
            if (key.owner == null) {
                return key;
            }
        }
        return null;
    }

    AccessKey firstKeyOf(String user) {
        for (AccessKey key : accessKeys.values()) {
            if (user.equals(key.owner)) {
                return key;
            }
        }
        return null;
    }

    MfaDevice deviceOf(String user) {
        for (MfaDevice device : mfaDevices.values()) {
            if (user.equals(device.user) && device.enabled) {
                return device;
            }
        }
        return null;
    }

    /** The files users point their tools at (PRODUCT.md 6.1), written once at first start. */
    private void writeProfiles() throws IOException {
        AccessKey root = rootKey();
        AccessKey demo = firstKeyOf(DEMO_USER);
        MfaDevice device = deviceOf(DEMO_USER);
        AtomicFiles.write(dir.resolve("credentials"),
                "# Written by sts-session-token serve: keys of the local emulator's account " + accountId + ".\n"
                        + "[emulator-root]\naws_access_key_id = " + root.id + "\naws_secret_access_key = " + root.secret
                        + "\n\n[emulator-demo]\naws_access_key_id = " + demo.id + "\naws_secret_access_key = "
                        + demo.secret + "\n");
        AtomicFiles.write(dir.resolve("config"),
                "# Written by sts-session-token serve.\n[profile emulator-demo]\nregion = us-east-1\nmfa_serial = "
                        + device.serial + "\n\n[profile emulator-root]\nregion = us-east-1\n");
        AtomicFiles.write(dir.resolve("demo-mfa-seed.txt"), device.seed + "\n");
    }

    interface Mutation<T> {
        T apply(EmulatorState state) throws AwsError;
    }

    /**
     * Applies a change under the state dir's lock, on the latest version of the file, and saves it.
     * When the change throws, nothing is written.
     */
    synchronized <T> T mutate(Mutation<T> change) throws AwsError, IOException {
        try (FileLock lock = lock()) {
            readIfChanged();
            T result = change.apply(this);
            save();
            return result;
        }
    }

    /** Re-reads the file when another process changed it since we last looked. */
    synchronized void refresh() throws IOException {
        try (FileLock lock = lock()) {
            readIfChanged();
        }
    }

    private FileLock lock() throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve("state.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.lock();
            return new ClosingLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Closes the channel with the lock, so callers need one try-with-resources. */
    private static final class ClosingLock extends FileLock {
        private final FileLock inner;

        ClosingLock(FileChannel channel, FileLock inner) {
            super(channel, inner.position(), inner.size(), inner.isShared());
            this.inner = inner;
        }

        @Override
        public boolean isValid() {
            return inner.isValid();
        }

        @Override
        public void release() throws IOException {
            inner.release();
            channel().close();
        }
    }

    /**
     * Re-reads the file only when its identity changed: every save renames a new file into place,
     * so an unchanged inode means nothing to read (an unknown-key flood costs a stat, not a parse).
     */
    private void readIfChanged() throws IOException {
        Path file = dir.resolve(STATE_FILE);
        Object key = fileKey(file);
        if (key != null && key.equals(loadedFileKey)) {
            return;
        }
        Map<String, Object> map = readMap(file);
        if (map != null && number(map, "revision") != revision) {
            load(map, file);
        }
        loadedFileKey = key;
    }

    private static Object fileKey(Path file) {
        try {
            java.nio.file.attribute.BasicFileAttributes attributes =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            return attributes.fileKey() == null ? null
                    : attributes.fileKey() + "@" + attributes.lastModifiedTime().toMillis() + ":" + attributes.size();
        } catch (IOException e) {
            return null;
        }
    }

    private boolean readIfPresent() throws IOException {
        Path file = dir.resolve(STATE_FILE);
        Map<String, Object> map = readMap(file);
        if (map == null) {
            return false;
        }
        load(map, file);
        loadedFileKey = fileKey(file);
        return true;
    }

    private static Map<String, Object> readMap(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            return Json.parseObject(text);
        } catch (Json.ParseException e) {
            throw new IOException("state file " + file + " is corrupt (" + e.getMessage()
                    + "); move it away to start a new account, or restore it from a backup");
        }
    }

    private void save() throws IOException {
        revision++;
        AtomicFiles.write(dir.resolve(STATE_FILE), Json.write(toMap()) + "\n");
        loadedFileKey = fileKey(dir.resolve(STATE_FILE));
    }

    private Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", 1L);
        map.put("revision", revision);
        map.put("accountId", accountId);
        map.put("tokenKey", Base64.getEncoder().encodeToString(tokenKey));
        map.put("created", created.toString());
        List<Object> userList = new ArrayList<>();
        for (User u : users.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", u.name);
            m.put("userId", u.userId);
            m.put("path", u.path);
            m.put("created", u.created.toString());
            userList.add(m);
        }
        map.put("users", userList);
        List<Object> keyList = new ArrayList<>();
        for (AccessKey k : accessKeys.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", k.id);
            m.put("secret", k.secret);
            m.put("owner", k.owner);
            m.put("active", k.active);
            m.put("created", k.created.toString());
            keyList.add(m);
        }
        map.put("accessKeys", keyList);
        List<Object> deviceList = new ArrayList<>();
        for (MfaDevice d : mfaDevices.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("serial", d.serial);
            m.put("seed", d.seed);
            m.put("user", d.user);
            m.put("enabled", d.enabled);
            m.put("created", d.created.toString());
            m.put("enabledAt", d.enabledAt == null ? null : d.enabledAt.toString());
            m.put("lastUsedStep", d.lastUsedStep);
            deviceList.add(m);
        }
        map.put("mfaDevices", deviceList);
        List<Object> roleList = new ArrayList<>();
        for (Role r : roles.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name);
            m.put("roleId", r.roleId);
            m.put("path", r.path);
            m.put("maxSessionDuration", (long) r.maxSessionDuration);
            m.put("assumeRolePolicyDocument", r.assumeRolePolicyDocument);
            m.put("description", r.description);
            m.put("created", r.created.toString());
            roleList.add(m);
        }
        map.put("roles", roleList);
        return map;
    }

    private void load(Map<String, Object> map, Path file) throws IOException {
        try {
            if (number(map, "format") != 1) {
                throw new IllegalArgumentException("unknown format " + map.get("format"));
            }
            revision = number(map, "revision");
            accountId = string(map, "accountId");
            tokenKey = Base64.getDecoder().decode(string(map, "tokenKey"));
            created = Instant.parse(string(map, "created"));
            users.clear();
            for (Map<String, Object> m : list(map, "users")) {
                User u = new User();
                u.name = string(m, "name");
                u.userId = string(m, "userId");
                u.path = string(m, "path");
                u.created = Instant.parse(string(m, "created"));
                users.put(u.name, u);
            }
            accessKeys.clear();
            for (Map<String, Object> m : list(map, "accessKeys")) {
                AccessKey k = new AccessKey();
                k.id = string(m, "id");
                k.secret = string(m, "secret");
                k.owner = (String) m.get("owner");
                k.active = Boolean.TRUE.equals(m.get("active"));
                k.created = Instant.parse(string(m, "created"));
                accessKeys.put(k.id, k);
            }
            mfaDevices.clear();
            for (Map<String, Object> m : list(map, "mfaDevices")) {
                MfaDevice d = new MfaDevice();
                d.serial = string(m, "serial");
                d.seed = string(m, "seed");
                d.user = (String) m.get("user");
                d.enabled = Boolean.TRUE.equals(m.get("enabled"));
                d.created = Instant.parse(string(m, "created"));
                d.enabledAt = m.get("enabledAt") == null ? null : Instant.parse((String) m.get("enabledAt"));
                d.lastUsedStep = number(m, "lastUsedStep");
                mfaDevices.put(d.serial, d);
            }
            roles.clear();
            for (Map<String, Object> m : list(map, "roles")) {
                Role r = new Role();
                r.name = string(m, "name");
                r.roleId = string(m, "roleId");
                r.path = string(m, "path");
                r.maxSessionDuration = (int) number(m, "maxSessionDuration");
                r.assumeRolePolicyDocument = (String) m.get("assumeRolePolicyDocument");
                r.description = (String) m.get("description");
                r.created = Instant.parse(string(m, "created"));
                roles.put(r.name, r);
            }
        } catch (RuntimeException e) {
            throw new IOException("state file " + file + " is corrupt (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "); move it away to start a new account, or restore it from a backup", e);
        }
    }

    private static String string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof String)) {
            throw new IllegalArgumentException("missing or non-string '" + key + "'");
        }
        return (String) value;
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
        return (List<Map<String, Object>>) value;
    }
}

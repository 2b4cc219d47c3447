package dev.ststoken.internal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directory we read code, archives, sessions or settings from is trusted only when no other local
 * user can change what is in it, as OpenSSH checks {@code ~/.ssh}: it is owned by us and not writable
 * by group or others, and every parent up to {@code /} is owned by us or root and not writable by
 * group or others. The one exception is a root-owned sticky parent such as {@code /tmp}: the sticky
 * bit stops others from renaming or deleting what we own in it. Symbolic links are resolved first, so
 * the directories checked are the ones really used.
 */
public final class TrustedDirectories {
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    private static final int GROUP_OR_OTHER_ANY = 0077;
    private static final int STICKY = 01000;
    private static final int ROOT = 0;
    // Not an EnumSet: it finds the enum's constants by reflection (about 200 classes on JDK 18+, every run).
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static volatile Integer currentUid;

    private TrustedDirectories() {}

    /**
     * Creates {@code dir} and each missing parent 0700 whatever the umask, then checks the whole
     * chain; returns the real path of the directory.
     */
    public static Path ensure(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            missing.add(0, existing);
            existing = existing.getParent();
        }
        if (existing != null && !missing.isEmpty()) {
            check(existing, false); // never create anything inside a directory someone else controls
        }
        for (Path create : missing) {
            try {
                Files.createDirectory(create);
                // The umask applies at creation; setting the mode afterwards is what makes it 0700.
                Files.setPosixFilePermissions(create, OWNER_ONLY);
            } catch (FileAlreadyExistsException e) {
                // another process created it first; the check below decides whether we can use it
            }
        }
        return check(absolute, true);
    }

    /**
     * Throws {@link UntrustedDirectoryException} when {@code dir} or one of its parents could be changed
     * by another local user (other I/O exceptions when it is missing or not a directory); returns its real path.
     */
    public static Path check(Path dir) throws IOException {
        return check(dir, true);
    }

    private static Path check(Path dir, boolean ownDirectory) throws IOException {
        Path real = dir.toRealPath(); // a missing one is an I/O problem, not a trust one
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(dir.toString());
        }
        Map<String, Object> attributes = unix(real);
        int uid = currentUid();
        int mode = (Integer) attributes.get("mode");
        int owner = (Integer) attributes.get("uid");
        if (owner != uid && (ownDirectory || owner != ROOT)) {
            throw new UntrustedDirectoryException(
                    dir,
                    "is owned by uid " + owner + ", not by you (uid " + uid + ")",
                    "remove it, or chown it to yourself");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !(owner == ROOT && (mode & STICKY) != 0 && !ownDirectory)) {
            throw new UntrustedDirectoryException(
                    dir, "is writable by group or others (mode " + octal(mode) + ")", "chmod go-w " + real);
        }
        for (Path parent = real.getParent(); parent != null; parent = parent.getParent()) {
            checkParent(dir, parent);
        }
        return real;
    }

    private static void checkParent(Path dir, Path parent) throws IOException {
        Map<String, Object> attributes = unix(parent);
        int mode = (Integer) attributes.get("mode");
        int owner = (Integer) attributes.get("uid");
        if (owner != currentUid() && owner != ROOT) {
            throw new UntrustedDirectoryException(
                    dir,
                    "has a parent owned by another user (" + parent + ", uid " + owner + ")",
                    "use a directory whose parents belong to you or root");
        }
        if ((mode & GROUP_OR_OTHER_WRITE) != 0 && !(owner == ROOT && (mode & STICKY) != 0)) {
            throw new UntrustedDirectoryException(
                    dir,
                    "has a parent writable by group or others (" + parent + ", mode " + octal(mode) + ")",
                    "chmod go-w " + parent);
        }
    }

    /**
     * A file we may read secrets or state from: a regular file (not a link), owned by us, with no
     * permission for group or others.
     */
    public static boolean isPrivateFile(Path file) throws IOException {
        Map<String, Object> attributes;
        try {
            attributes = unix(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        int mode = (Integer) attributes.get("mode");
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && (Integer) attributes.get("uid") == currentUid()
                && (mode & GROUP_OR_OTHER_ANY) == 0;
    }

    private static Map<String, Object> unix(Path path) throws IOException {
        return Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The process's uid: the owner of /proc/self where there is one (cheap), else the owner of a file
     * this process just created (no module beyond java.base needed for that).
     */
    static int currentUid() throws IOException {
        Integer uid = currentUid;
        if (uid == null) {
            Path self = Path.of("/proc/self");
            if (Files.exists(self)) {
                uid = (Integer) Files.getAttribute(self, "unix:uid");
            } else {
                Path probe = Files.createTempFile("sts-session-token-uid", "");
                try {
                    uid = (Integer) Files.getAttribute(probe, "unix:uid");
                } finally {
                    Files.deleteIfExists(probe);
                }
            }
            currentUid = uid;
        }
        return uid;
    }

    private static String octal(int mode) {
        String digits = Integer.toOctalString(mode & 07777);
        return "0000".substring(Math.min(4, digits.length())) + digits;
    }
}

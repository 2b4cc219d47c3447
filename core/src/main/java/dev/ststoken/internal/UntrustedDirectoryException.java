package dev.ststoken.internal;

import java.io.IOException;
import java.nio.file.Path;

/** A directory another local user could change: one line naming it, what is wrong and the fix. */
public final class UntrustedDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path directory;

    public UntrustedDirectoryException(Path directory, String problem, String fix) {
        super("untrusted directory " + directory + ": it " + problem + "; fix: " + fix);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}

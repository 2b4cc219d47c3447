package dev.ststoken.cli;

/** Bad command line: exit code 2 and a one-line message naming the problem. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}

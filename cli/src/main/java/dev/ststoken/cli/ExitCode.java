package dev.ststoken.cli;

/** The exit codes of docs/reference.md (rendered from these constants by ReferenceDocTest). Kept apart so scripts can tell "AWS said no" from "you typed it wrong" from "network". */
final class ExitCode {
    static final int OK = 0;
    /** STS or IAM refused the request. */
    static final int REFUSED = 1;
    /** Usage error or invalid input, found before any network call. */
    static final int USAGE = 2;
    /** The endpoint could not be reached or trusted, or did not answer like STS. */
    static final int UNREACHABLE = 3;
    /** A bug. */
    static final int INTERNAL = 4;
    /** The person cancelled the profile picker (Esc or Ctrl-C): nothing was done, as a shell reports Ctrl-C. */
    static final int CANCELLED = 130;

    private ExitCode() {}
}

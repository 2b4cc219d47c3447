package dev.ststoken.cli;

import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.session.MfaPrompt;
import dev.ststoken.session.SessionRequest;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.Sessions;
import dev.ststoken.sts.StsClient;

/** Settings from flags, environment and the user's files; sessions from STS, asking on the terminal. */
final class AwsBackend implements SessionBackend {
    private final CommandContext context;
    private final Sessions sessions;
    private final MfaPrompt prompt;

    AwsBackend(CommandContext context) {
        this(context, new TerminalPrompt(context.err()));
    }

    /** Asking for codes with {@code prompt} (the background server's never asks a terminal). */
    AwsBackend(CommandContext context, MfaPrompt prompt) {
        this.context = context;
        this.prompt = prompt;
        // A file key store's passphrase is asked on the terminal, as the MFA code is.
        this.sessions = context.sessions().toBuilder()
                .passphrases(new Terminal.Tty().passphrases())
                .build();
    }

    @Override
    public ResolvedSettings settings(SessionRequest request) throws ConfigException {
        return sessions.resolve(request);
    }

    @Override
    public SessionResult session(ResolvedSettings settings, SessionRequest request)
            throws ConfigException, StsException {
        return sessions.session(settings, request, prompt);
    }

    @Override
    public StsClient client(ResolvedSettings settings) {
        return sessions.client(settings);
    }

    @Override
    public void close() {
        // nothing to release
    }
}

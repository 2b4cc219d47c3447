package dev.ststoken.cli;

import dev.ststoken.config.ConfigException;
import dev.ststoken.config.ResolvedSettings;
import dev.ststoken.config.SessionParameters;
import dev.ststoken.config.SettingsResolver;
import dev.ststoken.session.CacheOptions;
import dev.ststoken.session.SessionResult;
import dev.ststoken.session.SessionService;
import dev.ststoken.sts.StsClient;
import dev.ststoken.sts.StsException;

/** Settings from flags, environment and the user's files; sessions from STS, asking on the terminal. */
final class AwsBackend implements SessionBackend {
    private final CommandContext context;
    private final SessionService service;

    AwsBackend(CommandContext context) {
        this.context = context;
        this.service = new SessionService(context.clock());
    }

    @Override
    public ResolvedSettings settings(SessionParameters given) throws ConfigException {
        // A file key store's passphrase is asked on the terminal, as the MFA code is.
        return new SettingsResolver(context.env(), context.home())
                .withPassphrases(new Terminal.Tty().passphrases())
                .resolve(given);
    }

    @Override
    public SessionResult session(ResolvedSettings settings, CacheOptions cache) throws ConfigException, StsException {
        return service.obtain(settings, new TerminalPrompt(context.err()), cache, service.sts());
    }

    @Override
    public StsClient client(ResolvedSettings settings) {
        return service.client(settings);
    }

    @Override
    public void close() {
        // nothing to release
    }
}

package dev.ststoken.emulator.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * A state dir's file for tests in other packages, without widening the codec: the account a running
 * emulator left there, or one written as an older version left it.
 */
public final class StateFiles {
    private StateFiles() {}

    /** The account in the dir's state file as it is now. */
    public static Account read(Path stateDir) throws Exception {
        return AccountCodec.read(Files.readString(stateDir.resolve(StateStore.STATE_FILE)));
    }

    /** Writes a new account into the dir with the policy setting and revision given, and returns it. */
    public static Account writeNew(Path stateDir, Instant now, boolean enforceIam, long revision) throws IOException {
        Account account = AccountBootstrap.newAccount(new Ids(new SecureRandom()), now)
                .withEnforceIam(enforceIam)
                .withRevision(revision);
        Files.writeString(stateDir.resolve(StateStore.STATE_FILE), AccountCodec.write(account));
        return account;
    }
}

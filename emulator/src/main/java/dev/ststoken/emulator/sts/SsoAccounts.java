package dev.ststoken.emulator.sts;

import dev.ststoken.emulator.request.AwsError;
import dev.ststoken.emulator.sso.Accounts;
import dev.ststoken.emulator.state.Ids;
import dev.ststoken.emulator.state.Permissions;
import dev.ststoken.emulator.state.Role;
import dev.ststoken.emulator.state.StateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * The account as Identity Center sees it: permission sets' roles written through the state store
 * like any IAM change, and role sessions sealed by the same {@link SessionTokens} as AssumeRole's,
 * so the emulator authenticates, authorizes and describes them as it does any role session.
 */
public final class SsoAccounts implements Accounts {
    private final StateStore store;
    private final SessionTokens tokens;
    private final Ids ids;
    private final Clock clock;

    public SsoAccounts(StateStore store, SessionTokens tokens, Ids ids, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public String accountId() {
        return store.current().accountId();
    }

    @Override
    public void putRole(RoleSpec spec) throws IOException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            store.mutate(account -> {
                Role existing = account.roles().get(spec.name());
                // A replaced role keeps its name, id, path and creation time; its tags go, as before.
                Role.Builder role = existing != null
                        ? Role.builder()
                                .name(existing.name())
                                .roleId(existing.roleId())
                                .path(existing.path())
                                .created(existing.created())
                        : Role.builder()
                                .name(spec.name())
                                .roleId(ids.uniqueId("AROA"))
                                .path(spec.path())
                                .created(now);
                role.maxSessionDuration(spec.maxSessionSeconds())
                        .assumeRolePolicyDocument(spec.trustPolicy())
                        .description(spec.description())
                        .permissions(
                                new Permissions(new LinkedHashMap<>(spec.inline()), new ArrayList<>(spec.managed())));
                return StateStore.Changed.to(account.withRole(role.build()), null);
            });
        } catch (AwsError e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public boolean hasRole(String roleName) {
        return store.current().roles().containsKey(roleName);
    }

    @Override
    public RoleCredentials roleSession(String roleName, String sessionName, int seconds) {
        Role role = store.current().roles().get(roleName);
        if (role == null) {
            return null;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SessionTokens.Session session = new SessionTokens.Session(
                ids.id("ASIA"),
                SessionTokens.Session.ROLE,
                role.name(),
                role.roleId(),
                sessionName,
                false,
                false,
                now.plusSeconds(Math.min(seconds, role.maxSessionDuration())),
                now,
                null,
                null);
        return new RoleCredentials(
                session.accessKeyId(),
                tokens.secretFor(session.accessKeyId()),
                tokens.seal(session),
                session.expiration());
    }
}

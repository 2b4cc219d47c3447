package dev.ststoken.config;

import dev.ststoken.cache.SessionSealer;
import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;

/**
 * Where a profile without keys in the shared files keeps them: a key store, a credential_process,
 * an IAM Identity Center sign-in. The resolver asks it for the profile its keys come from; the
 * implementations live with what they read (package {@code keystore}, package {@code sso}), so that
 * settings know nothing of stores, processes or portals, and the session front door
 * ({@code session.Sessions}) hands the resolver the ones it uses.
 */
public interface CredentialSource {
    /**
     * The credentials {@code profile} keeps here, or null when it names no such place (the next
     * source is asked).
     *
     * @throws ConfigException when the profile names this place but it holds nothing usable
     */
    Found find(Profile profile) throws ConfigException;

    /** No source beyond the shared files. */
    CredentialSource NONE = new CredentialSource() {
        @Override
        public Found find(Profile profile) {
            return null;
        }
    };

    /**
     * What a source found.
     *
     * @param credentials keys: long-term, or a session a credential_process gave; null for a sign-in
     * @param description where they came from, for messages ("key store pass (profile me)")
     * @param sealer      encrypts the cached sessions made with them; null: plaintext cache
     * @param signIn      a sign-in that gives role credentials when a session is needed, in place of
     *                    keys (IAM Identity Center); null for keys
     */
    record Found(AwsCredentials credentials, String description, SessionSealer sealer, SignIn signIn) {
        public Found(AwsCredentials credentials, String description, SessionSealer sealer) {
            this(credentials, description, sealer, null);
        }
    }

    /** The first of {@code sources} that knows the profile, in order. */
    static CredentialSource firstOf(CredentialSource... sources) {
        CredentialSource[] copy = sources.clone();
        return new CredentialSource() {
            @Override
            public Found find(Profile profile) throws ConfigException {
                for (CredentialSource source : copy) {
                    Found found = source.find(profile);
                    if (found != null) {
                        return found;
                    }
                }
                return null;
            }
        };
    }
}

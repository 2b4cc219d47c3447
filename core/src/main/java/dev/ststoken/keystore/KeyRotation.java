package dev.ststoken.keystore;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.errors.ConfigException;
import dev.ststoken.errors.StsException;
import dev.ststoken.errors.StsServiceException;
import dev.ststoken.sts.CallerIdentity;
import dev.ststoken.sts.IamClient;
import dev.ststoken.sts.StsClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces a stored long-term key with a new one so that a process killed at any point leaves a
 * working key in the store. The store's entry is the journal: the new key is stored as
 * <em>pending</em> right after IAM creates it, becomes <em>current</em> only once it has been seen
 * to work, and the old key is deleted in IAM only after that, its id kept as <em>retiring</em>
 * until the deletion is done. A run that finds a pending or retiring key finishes that first.
 */
public final class KeyRotation {
    /** The credentials IAM calls are signed with for a given stored key: an MFA session from it, or the key itself. */
    public interface Caller {
        AwsCredentials forKey(AwsCredentials key) throws ConfigException, StsException;
    }

    /** Waits between proofs of a new key (IAM takes a few seconds to make it usable everywhere). */
    public interface Pause {
        void sleep(long millis) throws InterruptedException;
    }

    /** What a step did, for the person watching (never a secret). */
    public interface Progress {
        void say(String message);
    }

    /** The default waits: 1, 2, 4, 8, 8, 8, 8 s; about 40 s in all, longer than IAM usually needs. */
    public static final long[] DEFAULT_WAITS = {1000, 2000, 4000, 8000, 8000, 8000, 8000};

    private final KeyStore store;
    private final String profile;
    private final IamClient iam;
    private final StsClient sts;
    private final Caller caller;
    private final Pause pause;
    private final long[] waits;
    private final Progress progress;

    public KeyRotation(
            KeyStore store,
            String profile,
            IamClient iam,
            StsClient sts,
            Caller caller,
            Pause pause,
            long[] waits,
            Progress progress) {
        this.store = store;
        this.profile = profile;
        this.iam = iam;
        this.sts = sts;
        this.caller = caller;
        this.pause = pause;
        this.waits = waits.clone();
        this.progress = progress;
    }

    /** The outcome: the key now in use and the one deleted. */
    public record Outcome(String newAccessKeyId, String deletedAccessKeyId) {}

    /**
     * Rotates the key; when an interrupted rotation left a new key that works, finishing that one is
     * the rotation (a second one would replace a key nobody has used yet).
     */
    public Outcome rotate() throws ConfigException, StsException {
        StoredKey entry = read();
        String replaced = entry.retiring();
        entry = finishPending(entry);
        if (entry.retiring() != null) {
            replaced = entry.retiring();
        }
        AwsCredentials iamCaller = caller.forKey(entry.current());
        entry = finishRetiring(entry, iamCaller);
        if (replaced != null) {
            return new Outcome(entry.current().accessKeyId(), replaced);
        }
        refuseSecondKey(entry, iamCaller);
        StoredKey before = entry;
        AwsCredentials created = iam.createAccessKey(iamCaller);
        entry = entry.withPending(created);
        store.writeKey(profile, entry);
        progress.say("created access key " + created.accessKeyId() + " and stored it as pending");
        CallerIdentity expected = prove(before.current(), 0);
        if (!sameIdentity(expected, prove(created, waits.length))) {
            throw new ConfigException("the new key " + created.accessKeyId() + " belongs to another identity; it stays "
                    + "pending and the stored key is unchanged");
        }
        entry = entry.promoted();
        store.writeKey(profile, entry);
        progress.say("access key " + created.accessKeyId() + " works and is now the stored key");
        deleteRetiring(entry, iamCaller);
        return new Outcome(created.accessKeyId(), before.current().accessKeyId());
    }

    private StoredKey read() throws ConfigException {
        StoredKey entry = store.readKey(profile);
        if (entry == null) {
            throw new ConfigException("key store " + store.name() + " holds no key for profile '" + profile + "'");
        }
        return entry;
    }

    /** A pending key from an interrupted run: promoted when it works, else deleted in IAM and forgotten. */
    private StoredKey finishPending(StoredKey entry) throws ConfigException, StsException {
        if (entry.pending() == null) {
            return entry;
        }
        progress.say("finishing an interrupted rotation: checking pending key "
                + entry.pending().accessKeyId());
        if (works(entry.pending()) != null) {
            StoredKey promoted = entry.promoted();
            store.writeKey(profile, promoted);
            return promoted;
        }
        deleteQuietly(caller.forKey(entry.current()), entry.pending().accessKeyId());
        StoredKey without = new StoredKey(entry.current(), null, entry.retiring(), entry.cacheKey());
        store.writeKey(profile, without);
        return without;
    }

    private StoredKey finishRetiring(StoredKey entry, AwsCredentials iamCaller) throws ConfigException, StsException {
        if (entry.retiring() == null) {
            return entry;
        }
        progress.say("finishing an interrupted rotation: deleting the replaced key " + entry.retiring());
        return deleteRetiring(entry, iamCaller);
    }

    private StoredKey deleteRetiring(StoredKey entry, AwsCredentials iamCaller) throws ConfigException, StsException {
        deleteQuietly(iamCaller, entry.retiring());
        StoredKey done = entry.withoutRetiring();
        store.writeKey(profile, done);
        progress.say("deleted the old access key " + entry.retiring());
        return done;
    }

    private void deleteQuietly(AwsCredentials iamCaller, String accessKeyId) throws StsException {
        try {
            iam.deleteAccessKey(iamCaller, accessKeyId);
        } catch (StsServiceException e) {
            if (!e.code().equals("NoSuchEntity")) {
                throw e;
            }
        }
    }

    /** IAM allows two keys per user; with two, there is no room for the new one. */
    private void refuseSecondKey(StoredKey entry, AwsCredentials iamCaller) throws ConfigException, StsException {
        List<String> others = new ArrayList<>();
        for (IamClient.AccessKeyInfo key : iam.listAccessKeys(iamCaller)) {
            if (!key.accessKeyId().equals(entry.current().accessKeyId())) {
                others.add(key.accessKeyId());
            }
        }
        if (!others.isEmpty()) {
            throw new ConfigException("the user already has a second access key (" + String.join(", ", others)
                    + ") besides the stored one (" + entry.current().accessKeyId()
                    + "), and IAM allows two: if nothing "
                    + "uses it, delete it (aws iam delete-access-key --access-key-id " + others.get(0)
                    + ") and run keys rotate again");
        }
    }

    /** GetCallerIdentity with the key, retried through IAM's propagation delay. */
    private CallerIdentity prove(AwsCredentials key, int retries) throws ConfigException, StsException {
        for (int attempt = 0; ; attempt++) {
            CallerIdentity identity = works(key);
            if (identity != null) {
                return identity;
            }
            if (attempt >= retries) {
                throw new ConfigException("access key " + key.accessKeyId() + " was not accepted by STS after "
                        + (attempt + 1)
                        + " tries; the stored key is unchanged (the new key stays pending, and the next "
                        + "keys rotate tries it again)");
            }
            try {
                pause.sleep(waits[Math.min(attempt, waits.length - 1)]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigException("interrupted while waiting for the new key to work");
            }
        }
    }

    /** The identity, or null when STS does not (yet) know the key. */
    private CallerIdentity works(AwsCredentials key) throws StsException {
        try {
            return sts.getCallerIdentity(key);
        } catch (StsServiceException e) {
            if (e.code().equals("InvalidClientTokenId")
                    || e.code().equals("SignatureDoesNotMatch")
                    || e.code().equals("AuthFailure")) {
                return null;
            }
            throw e;
        }
    }

    private static boolean sameIdentity(CallerIdentity a, CallerIdentity b) {
        return a.arn().equals(b.arn());
    }
}

package dev.ststoken.config;

import dev.ststoken.errors.ConfigException;
import dev.ststoken.parameters.SessionParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The roles a profile assumes, innermost first, and the profile whose keys start the chain. Chains
 * follow source_profile to any depth; a cycle is refused. A profile may name itself as its source
 * when it also holds keys (as the AWS CLI allows).
 */
record RoleChain(
        List<RoleStep> steps,
        List<Profile> roleProfiles,
        Profile source,
        boolean fromEnvironment,
        String lastRoleProfile) {

    /** Walks from {@code profile}; {@code resolver} reads the profiles and names the sessions. */
    static RoleChain walk(SessionParameters params, Profile profile, SettingsResolver resolver) throws ConfigException {
        if (params.roleArn() != null) {
            return new RoleChain(
                    List.of(new RoleStep(
                            Validation.checkRoleArn(params.roleArn()),
                            resolver.sessionName(params.roleSessionName()),
                            null,
                            params.externalId(),
                            null)),
                    List.of(),
                    profile,
                    false,
                    null);
        }
        if (profile.get("role_arn") == null || isWebIdentity(profile)) {
            for (String key : List.of("source_profile", "credential_source")) {
                if (profile.get(key) != null) {
                    throw new ConfigException(
                            isWebIdentity(profile)
                                    ? "profile '" + profile.name() + "' has both web_identity_token_file and " + key
                                            + ": its role_arn is the role the token is traded for, so keep one"
                                    : "profile '" + profile.name() + "' has " + key + " but no role_arn");
                }
            }
            return new RoleChain(List.of(), List.of(), profile, false, null);
        }
        ArrayList<RoleStep> outermostFirst = new ArrayList<>();
        ArrayList<Profile> profilesOutermostFirst = new ArrayList<>();
        LinkedHashSet<String> visited = new LinkedHashSet<>();
        Profile current = profile;
        while (true) {
            visited.add(current.name());
            outermostFirst.add(step(current, resolver));
            profilesOutermostFirst.add(current);
            String credentialSource = current.get("credential_source");
            String sourceName = current.get("source_profile");
            if (credentialSource != null && sourceName != null) {
                throw new ConfigException("profile '" + current.name()
                        + "' has both source_profile and credential_source: " + "keep one");
            }
            if (credentialSource != null) {
                if (!credentialSource.equals("Environment")) {
                    throw new ConfigException("profile '" + current.name() + "' has credential_source = "
                            + credentialSource + ": only Environment is supported");
                }
                return new RoleChain(
                        reverse(outermostFirst), reverse(profilesOutermostFirst), current, true, current.name());
            }
            if (sourceName == null || sourceName.isBlank()) {
                throw new ConfigException("profile '" + current.name()
                        + "' has role_arn but neither source_profile nor " + "credential_source");
            }
            if (sourceName.equals(current.name()) && current.credentials() != null) {
                return new RoleChain(
                        reverse(outermostFirst), reverse(profilesOutermostFirst), current, false, current.name());
            }
            if (visited.contains(sourceName)) {
                throw new ConfigException("profiles form a cycle through source_profile: "
                        + String.join(" -> ", visited) + " -> " + sourceName);
            }
            Profile next = resolver.loadProfile(sourceName);
            if (!next.exists()) {
                throw new ConfigException("profile '" + current.name() + "' has source_profile = " + sourceName
                        + ", which is not found in " + resolver.configFile() + " or " + resolver.credentialsFile());
            }
            if (next.get("role_arn") == null || isWebIdentity(next)) {
                return new RoleChain(
                        reverse(outermostFirst), reverse(profilesOutermostFirst), next, false, current.name());
            }
            current = next;
        }
    }

    /**
     * A web identity profile's role_arn is the role its token is traded for, not a role to assume
     * after its keys: botocore takes a profile with web_identity_token_file for web identity
     * whatever else it has (its assume-role provider skips such a profile).
     */
    static boolean isWebIdentity(Profile profile) {
        String file = profile.get("web_identity_token_file");
        return file != null && !file.isBlank();
    }

    private static RoleStep step(Profile profile, SettingsResolver resolver) throws ConfigException {
        String duration = profile.get("duration_seconds");
        return new RoleStep(
                Validation.checkRoleArn(profile.get("role_arn")),
                resolver.sessionName(profile.get("role_session_name")),
                duration == null ? null : Validation.durationSeconds(duration),
                profile.get("external_id"),
                profile.name());
    }

    private static <T> List<T> reverse(List<T> outermostFirst) {
        ArrayList<T> items = new ArrayList<>(outermostFirst);
        Collections.reverse(items);
        return List.copyOf(items);
    }

    /**
     * --duration-seconds is the session handed out, so it applies to the outermost role. Role
     * chaining (a role assumed with a role's credentials) is capped at one hour by STS: asking for
     * more fails there, so it is refused here, before any code is spent.
     */
    static List<RoleStep> withOutermostDuration(List<RoleStep> steps, Integer flag) throws ConfigException {
        ArrayList<RoleStep> result = new ArrayList<>(steps);
        if (flag != null) {
            RoleStep last = result.get(result.size() - 1);
            result.set(
                    result.size() - 1,
                    new RoleStep(last.roleArn(), last.roleSessionName(), flag, last.externalId(), last.profile()));
        }
        for (int i = 0; i < result.size(); i++) {
            RoleStep step = result.get(i);
            if (step.durationSeconds() == null) {
                continue;
            }
            if (step.durationSeconds() < Validation.MIN_DURATION || step.durationSeconds() > 43200) {
                throw new ConfigException("invalid duration " + step.durationSeconds() + " for role " + step.roleArn()
                        + ": AssumeRole takes 900 to 43200 seconds (at most the role's maximum session duration)");
            }
            if (i > 0 && step.durationSeconds() > 3600) {
                throw new ConfigException("role " + step.roleArn()
                        + " is assumed with another role's credentials (role "
                        + "chaining), which STS limits to 3600 seconds; " + step.durationSeconds() + " was asked for");
            }
        }
        return List.copyOf(result);
    }

    /**
     * The first profile in the chain (the one named first) that sets the key, else the source's; from
     * the profiles the chain walk already read, not from the files again.
     */
    String first(Profile named, Profile keys, String key) {
        if (named.get(key) != null) {
            return named.get(key);
        }
        for (int i = roleProfiles.size() - 1; i >= 0; i--) {
            String value = roleProfiles.get(i).get(key);
            if (value != null) {
                return value;
            }
        }
        return keys.get(key);
    }
}

package dev.ststoken.emulator.sso;

import dev.ststoken.internal.Crypto;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * SSO OIDC (rest-json): RegisterClient, StartDeviceAuthorization and CreateToken for the device
 * code, authorization code (PKCE S256 only, redirect URI as registered) and refresh token grants,
 * with the model's exceptions and OAuth's error codes.
 */
final class OidcApi {
    static final String DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    static final String AUTHORIZATION_CODE = "authorization_code";
    static final String REFRESH_TOKEN = "refresh_token";
    private static final Set<String> GRANTS = Set.of(DEVICE_CODE, AUTHORIZATION_CODE, REFRESH_TOKEN);
    private static final Pattern SCOPE = Pattern.compile("[\\w.:*-]{1,64}");
    static final long CLIENT_SECONDS = 90L * 24 * 3600;
    static final long DEVICE_SECONDS = 600;
    static final long CODE_SECONDS = 300;
    static final long ACCESS_SECONDS = 3600;
    static final long REFRESH_SECONDS = 90L * 24 * 3600;
    static final int INTERVAL_SECONDS = 1;
    /** Letters a user will not misread, as AWS's user codes use. */
    private static final String USER_CODE_LETTERS = "BCDFGHJKLMNPQRSTVWXZ";

    private final SsoStore store;
    private final Sealer sealer;
    private final Clock clock;
    private final Supplier<URI> endpoint;

    OidcApi(SsoStore store, Sealer sealer, Clock clock, Supplier<URI> endpoint) {
        this.store = store;
        this.sealer = sealer;
        this.clock = clock;
        this.endpoint = endpoint;
    }

    Map<String, Object> registerClient(Map<String, Object> in) throws SsoError, IOException {
        String name = required(in, "clientName");
        String type = required(in, "clientType");
        if (!type.equals("public")) {
            throw SsoError.invalidRequest("Invalid client type: " + type);
        }
        if (name.length() > 128) {
            throw SsoError.invalidRequest("Client name is too long");
        }
        List<String> scopes = strings(in, "scopes");
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                throw SsoError.invalidScope("Invalid scope requested");
            }
        }
        List<String> grants = strings(in, "grantTypes");
        for (String grant : grants) {
            if (!GRANTS.contains(grant)) {
                throw SsoError.unsupportedGrantType("Unsupported grant type: " + grant);
            }
        }
        List<String> redirects = strings(in, "redirectUris");
        for (String uri : redirects) {
            if (!isLoopback(uri)) {
                throw SsoError.invalidRedirectUri("Redirect URIs must be http loopback addresses");
            }
        }
        if (grants.contains(AUTHORIZATION_CODE) && redirects.isEmpty()) {
            throw SsoError.invalidRedirectUri("An authorization_code client needs a redirect URI");
        }
        Instant now = clock.instant();
        String clientId = sealer.randomToken(16);
        String secret = sealer.randomToken(48);
        SsoState.Client client = new SsoState.Client(
                clientId, name, Sealer.hash(secret), now.plusSeconds(CLIENT_SECONDS), redirects, grants, scopes);
        store.mutate(state -> SsoStore.Changed.to(state.withClient(client), null));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clientId", clientId);
        out.put("clientSecret", secret);
        out.put("clientIdIssuedAt", now.getEpochSecond());
        out.put("clientSecretExpiresAt", client.expires().getEpochSecond());
        if (!redirects.isEmpty()) {
            out.put("authorizationEndpoint", endpoint.get() + SsoHandler.AUTHORIZE);
        }
        out.put("tokenEndpoint", endpoint.get() + "/token");
        return out;
    }

    Map<String, Object> startDeviceAuthorization(Map<String, Object> in) throws SsoError, IOException {
        String clientId = required(in, "clientId");
        String clientSecret = required(in, "clientSecret");
        String startUrl = required(in, "startUrl");
        if (startUrl.length() > 2048) {
            throw SsoError.invalidRequest("Invalid start URL");
        }
        SsoState.Client client = client(store.current(), clientId, clientSecret);
        if (!client.grantTypes().isEmpty() && !client.grantTypes().contains(DEVICE_CODE)) {
            throw SsoError.unauthorizedClient("Client is not authorized for the device code grant");
        }
        String deviceCode = sealer.randomToken(32);
        String userCode = userCode();
        Instant expires = clock.instant().plusSeconds(DEVICE_SECONDS);
        SsoState.DeviceFlow flow = new SsoState.DeviceFlow(
                clientId, userCode, expires, null, SsoState.DeviceFlow.PENDING, null, client.scopes());
        store.mutate(state -> SsoStore.Changed.to(state.withDevice(Sealer.hash(deviceCode), flow), null));
        String verification = endpoint.get() + SsoHandler.DEVICE_PAGE;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deviceCode", deviceCode);
        out.put("userCode", userCode);
        out.put("verificationUri", verification);
        out.put("verificationUriComplete", verification + "?user_code=" + userCode);
        out.put("expiresIn", DEVICE_SECONDS);
        out.put("interval", (long) INTERVAL_SECONDS);
        return out;
    }

    Map<String, Object> createToken(Map<String, Object> in) throws SsoError, IOException {
        String clientId = required(in, "clientId");
        String clientSecret = required(in, "clientSecret");
        String grantType = required(in, "grantType");
        SsoState.Client client = client(store.current(), clientId, clientSecret);
        if (!GRANTS.contains(grantType)) {
            throw SsoError.unsupportedGrantType("Unsupported grant type: " + grantType);
        }
        if (!client.grantTypes().isEmpty() && !client.grantTypes().contains(grantType)) {
            throw SsoError.unauthorizedClient("Client is not authorized for the grant type " + grantType);
        }
        switch (grantType) {
            case DEVICE_CODE:
                return tokens(client, deviceGrant(clientId, required(in, "deviceCode")), null);
            case AUTHORIZATION_CODE:
                return tokens(
                        client,
                        codeGrant(
                                clientId,
                                required(in, "code"),
                                required(in, "redirectUri"),
                                required(in, "codeVerifier")),
                        null);
            default:
                Map<String, Object> refresh = sealer.open("refresh", required(in, "refreshToken"));
                if (refresh == null || !clientId.equals(refresh.get("c"))) {
                    throw SsoError.invalidGrant("Invalid refresh token provided");
                }
                if (!Instant.ofEpochSecond((Long) refresh.get("e")).isAfter(clock.instant())) {
                    throw SsoError.expiredToken("Refresh token has expired");
                }
                SsoState state = store.current();
                SsoState.User user = state.users().get((String) refresh.get("u"));
                if (user == null
                        || !user.userId().equals(refresh.get("uid"))
                        || state.loggedOut().containsKey((String) refresh.get("s"))) {
                    throw SsoError.invalidGrant("Invalid refresh token provided");
                }
                return tokens(client, user, (String) refresh.get("s"));
        }
    }

    /** Polls a device authorization: pending (or slow_down if polled within the interval), denied, or the user. */
    private SsoState.User deviceGrant(String clientId, String deviceCode) throws SsoError, IOException {
        String hash = Sealer.hash(deviceCode);
        Instant now = clock.instant();
        String userName = store.mutate(state -> {
            SsoState.DeviceFlow flow = state.devices().get(hash);
            if (flow == null || !flow.clientId().equals(clientId)) {
                throw SsoError.invalidGrant("Invalid device code provided");
            }
            if (!flow.expires().isAfter(now)) {
                throw SsoError.expiredToken("Device code has expired");
            }
            switch (flow.status()) {
                case SsoState.DeviceFlow.APPROVED:
                    return SsoStore.Changed.to(state.withoutDevice(hash), flow.user());
                case SsoState.DeviceFlow.DENIED:
                    return SsoStore.Changed.refused(
                            state.withoutDevice(hash), SsoError.accessDenied("Access denied by the user"));
                default:
                    boolean tooSoon = flow.lastPoll() != null
                            && now.isBefore(flow.lastPoll().plusSeconds(INTERVAL_SECONDS));
                    return SsoStore.Changed.refused(
                            state.withDevice(hash, flow.polled(now)),
                            tooSoon ? SsoError.slowDown() : SsoError.authorizationPending());
            }
        });
        return user(userName);
    }

    /** Redeems an authorization code once: its client, its redirect URI and the verifier of its challenge. */
    private SsoState.User codeGrant(String clientId, String code, String redirectUri, String verifier)
            throws SsoError, IOException {
        String hash = Sealer.hash(code);
        Instant now = clock.instant();
        String userName = store.mutate(state -> {
            SsoState.AuthCode grant = state.codes().get(hash);
            if (grant == null) {
                throw SsoError.invalidGrant("Invalid authorization code provided");
            }
            SsoState spent = state.withoutCode(hash);
            if (!grant.clientId().equals(clientId) || !grant.expires().isAfter(now)) {
                return SsoStore.Changed.refused(spent, SsoError.invalidGrant("Invalid authorization code provided"));
            }
            if (!grant.redirectUri().equals(redirectUri)) {
                return SsoStore.Changed.refused(spent, SsoError.invalidGrant("Redirect URI does not match"));
            }
            if (!MessageDigest.isEqual(
                    challenge(verifier).getBytes(StandardCharsets.US_ASCII),
                    grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
                return SsoStore.Changed.refused(spent, SsoError.invalidGrant("Code verifier does not match"));
            }
            return SsoStore.Changed.to(spent, grant.user());
        });
        return user(userName);
    }

    private SsoState.User user(String name) throws SsoError {
        SsoState.User user = store.current().users().get(name);
        if (user == null) {
            throw SsoError.invalidGrant("The user no longer exists");
        }
        return user;
    }

    /** An access token, and a refresh token for clients registered with scopes (as AWS issues them). */
    private Map<String, Object> tokens(SsoState.Client client, SsoState.User user, String session) {
        Instant now = clock.instant();
        String sessionId = session != null ? session : sealer.randomToken(16);
        Map<String, Object> access = new LinkedHashMap<>();
        access.put("c", client.clientId());
        access.put("u", user.name());
        access.put("uid", user.userId());
        access.put("s", sessionId);
        access.put("e", now.getEpochSecond() + ACCESS_SECONDS);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accessToken", sealer.seal("access", access));
        out.put("tokenType", "Bearer");
        out.put("expiresIn", ACCESS_SECONDS);
        if (!client.scopes().isEmpty()) {
            Map<String, Object> refresh = new LinkedHashMap<>(access);
            refresh.put("e", now.getEpochSecond() + REFRESH_SECONDS);
            out.put("refreshToken", sealer.seal("refresh", refresh));
        }
        return out;
    }

    /** The registered client whose secret this is; InvalidClientException for anything else. */
    SsoState.Client client(SsoState state, String clientId, String secret) throws SsoError {
        SsoState.Client client = state.clients().get(clientId);
        if (client == null
                || !MessageDigest.isEqual(
                        Sealer.hash(secret).getBytes(StandardCharsets.US_ASCII),
                        client.secretHash().getBytes(StandardCharsets.US_ASCII))) {
            throw SsoError.invalidClient("Invalid client provided");
        }
        if (!client.expires().isAfter(clock.instant())) {
            throw SsoError.invalidClient("Client credentials have expired");
        }
        return client;
    }

    static String challenge(String verifier) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Crypto.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Whether a redirect URI is one the client registered. A loopback IP URI matches with any port
     * (RFC 8252 section 7.3: a native client gets its port from the system at each sign-in, and the
     * AWS CLI registers {@code http://127.0.0.1/oauth/callback} once); everything else must match exactly.
     */
    static boolean registered(List<String> registered, String redirectUri) {
        if (registered.contains(redirectUri)) {
            return true;
        }
        if (!isLoopback(redirectUri)) {
            return false;
        }
        try {
            URI asked = new URI(redirectUri);
            if (!"127.0.0.1".equals(asked.getHost()) && !"[::1]".equals(asked.getHost())) {
                return false; // 'localhost' is a name: RFC 8252 8.3 leaves it out of the port rule
            }
            for (String uri : registered) {
                URI known = new URI(uri);
                if (isLoopback(uri)
                        && known.getHost().equals(asked.getHost())
                        && java.util.Objects.equals(known.getRawPath(), asked.getRawPath())
                        && java.util.Objects.equals(known.getRawQuery(), asked.getRawQuery())) {
                    return true;
                }
            }
            return false;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** An http loopback URI (127.0.0.1, [::1] or localhost) without a fragment: where a local client listens. */
    static boolean isLoopback(String uri) {
        try {
            URI parsed = new URI(uri);
            String host = parsed.getHost();
            return "http".equals(parsed.getScheme())
                    && host != null
                    && (host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("localhost"))
                    && parsed.getRawFragment() == null
                    && parsed.getRawUserInfo() == null
                    && uri.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private String userCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(USER_CODE_LETTERS.charAt(sealer.random().nextInt(USER_CODE_LETTERS.length())));
        }
        return code.toString();
    }

    static String required(Map<String, Object> in, String name) throws SsoError {
        Object value = in.get(name);
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw SsoError.invalidRequest("Missing or invalid " + name);
        }
        return (String) value;
    }

    private static List<String> strings(Map<String, Object> in, String name) throws SsoError {
        Object value = in.get(name);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List)) {
            throw SsoError.invalidRequest("Invalid " + name);
        }
        for (Object item : (List<?>) value) {
            if (!(item instanceof String)) {
                throw SsoError.invalidRequest("Invalid " + name);
            }
            out.add((String) item);
        }
        return out;
    }
}

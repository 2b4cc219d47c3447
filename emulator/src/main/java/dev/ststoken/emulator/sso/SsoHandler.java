package dev.ststoken.emulator.sso;

import dev.ststoken.emulator.http.Handler;
import dev.ststoken.emulator.http.Request;
import dev.ststoken.emulator.http.Response;
import dev.ststoken.internal.AtomicFiles;
import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Identity Center on the emulator's port: the OIDC and portal APIs and the sign-in pages, by path.
 * The emulator's request routing asks {@link #owns} and hands such requests here; nothing else.
 */
public final class SsoHandler implements Handler {
    static final String AUTHORIZE = "/authorize";
    static final String DEVICE_PAGE = "/sso/device";
    private static final Set<String> PATHS = Set.of(
            "/client/register",
            "/device_authorization",
            "/token",
            "/federation/credentials",
            "/assignment/accounts",
            "/assignment/roles",
            "/logout",
            AUTHORIZE,
            DEVICE_PAGE);
    static final int MAX_BODY_BYTES = 64 * 1024;
    public static final String DEMO_USER = "sso-demo";
    public static final String DEMO_SET = "Demo";
    public static final String DEMO_PASSWORD_FILE = "sso-demo-password.txt";
    public static final String DEMO_SEED_FILE = "sso-demo-mfa-seed.txt";
    /** The demo set: read-only IAM and STS, as a ReadOnlyAccess for what the emulator has. */
    static final String DEMO_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"iam:Get*\",\"iam:List*\",\"iam:Simulate*\",\"sts:GetCallerIdentity\"],\"Resource\":\"*\"}]}";

    private final OidcApi oidc;
    private final PortalApi portal;
    private final SignInPages pages;
    private final Directory directory;

    private SsoHandler(OidcApi oidc, PortalApi portal, SignInPages pages, Directory directory) {
        this.oidc = oidc;
        this.portal = portal;
        this.pages = pages;
        this.directory = directory;
    }

    public static boolean owns(String rawPath) {
        return PATHS.contains(rawPath);
    }

    /**
     * Opens the directory in {@code stateDir} ({@code sso.json}); the first time, with the demo
     * user {@value #DEMO_USER} (password and TOTP seed in files beside the account's demo seed)
     * assigned the permission set {@value #DEMO_SET}.
     */
    public static SsoHandler open(Path stateDir, Clock clock, Accounts accounts, Supplier<URI> endpoint)
            throws IOException {
        SsoStore store = SsoStore.open(stateDir, clock, empty -> demo(stateDir, empty, accounts));
        Sealer sealer = new Sealer(store.current().key());
        Directory directory = new Directory(store, accounts, clock, sealer);
        return new SsoHandler(
                new OidcApi(store, sealer, clock, endpoint),
                new PortalApi(store, sealer, clock, accounts),
                new SignInPages(store, sealer, directory, clock),
                directory);
    }

    /** The admin operations: users, permission sets, assignments. */
    public Directory directory() {
        return directory;
    }

    private static SsoState demo(Path dir, SsoState empty, Accounts accounts) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] seedBytes = new byte[20];
        random.nextBytes(seedBytes);
        String seed = dev.ststoken.totp.Base32.encode(seedBytes);
        byte[] passwordBytes = new byte[15];
        random.nextBytes(passwordBytes);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(passwordBytes);
        String salt = UUID.randomUUID().toString();
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        SsoState.User user = new SsoState.User(
                DEMO_USER,
                "sso-" + HexFormat.of().formatHex(idBytes),
                salt,
                Directory.hash(password, salt),
                seed,
                -1,
                0,
                null);
        random.nextBytes(idBytes);
        SsoState.PermissionSet set = new SsoState.PermissionSet(
                DEMO_SET,
                "AWSReservedSSO_" + DEMO_SET + "_" + HexFormat.of().formatHex(idBytes),
                DEMO_POLICY,
                List.of(),
                3600);
        accounts.putRole(Directory.roleOf(set, accounts.accountId()));
        AtomicFiles.write(dir.resolve(DEMO_PASSWORD_FILE), password + "\n");
        AtomicFiles.write(dir.resolve(DEMO_SEED_FILE), seed + "\n");
        return empty.withUser(user)
                .withPermissionSet(set)
                .withAssignment(new SsoState.Assignment(DEMO_USER, accounts.accountId(), DEMO_SET));
    }

    @Override
    public Response handle(Request request) throws IOException {
        String requestId = UUID.randomUUID().toString();
        String path = request.rawPath();
        try {
            byte[] body = readBody(request.body());
            Map<String, String> query = query(request.rawQuery());
            String token = request.header("x-amz-sso_bearer_token");
            switch (method(request) + " " + path) {
                case "POST /client/register":
                    return json(200, oidc.registerClient(jsonBody(body)), requestId);
                case "POST /device_authorization":
                    return json(200, oidc.startDeviceAuthorization(jsonBody(body)), requestId);
                case "POST /token":
                    return json(200, oidc.createToken(jsonBody(body)), requestId);
                case "GET /federation/credentials":
                    return json(200, portal.getRoleCredentials(token, query), requestId);
                case "GET /assignment/accounts":
                    return json(200, portal.listAccounts(token, query), requestId);
                case "GET /assignment/roles":
                    return json(200, portal.listAccountRoles(token, query), requestId);
                case "POST /logout":
                    portal.logout(token);
                    return json(200, Map.of(), requestId);
                case "GET " + DEVICE_PAGE:
                    return pages.deviceForm(request, query);
                case "POST " + DEVICE_PAGE:
                    return pages.devicePost(request, form(request, body));
                case "GET " + AUTHORIZE:
                    return pages.authorizeForm(request, query);
                case "POST " + AUTHORIZE:
                    return pages.authorizePost(request, form(request, body));
                default:
                    return Response.of(405)
                            .withHeader(
                                    "Allow",
                                    path.equals(DEVICE_PAGE) || path.equals(AUTHORIZE)
                                            ? "GET, POST"
                                            : path.startsWith("/federation") || path.startsWith("/assignment")
                                                    ? "GET"
                                                    : "POST");
            }
        } catch (SsoError e) {
            return error(e, requestId);
        } catch (RuntimeException e) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("error", "server_error");
            out.put("error_description", "An internal error occurred");
            return json(500, out, requestId).withHeader("x-amzn-ErrorType", "InternalServerException");
        }
    }

    private static String method(Request request) {
        return request.method().equals("HEAD") ? "GET" : request.method();
    }

    static Response error(SsoError e, String requestId) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (e.oauthError() != null) {
            out.put("error", e.oauthError());
            out.put("error_description", e.getMessage());
        } else {
            out.put("message", e.getMessage());
        }
        return json(e.status(), out, requestId).withHeader("x-amzn-ErrorType", e.type());
    }

    private static Response json(int status, Map<String, Object> body, String requestId) {
        return Response.of(status, "application/json", Json.write(body))
                .withHeader("x-amzn-RequestId", requestId)
                .withHeader("Cache-Control", "no-store");
    }

    private static Map<String, Object> jsonBody(byte[] body) throws SsoError {
        try {
            return body.length == 0 ? Map.of() : Json.parseObject(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw SsoError.invalidRequest("The request body is not a JSON object");
        }
    }

    /** A form post's fields (the first of a repeated name wins); only a form content type is read. */
    private static Map<String, String> form(Request request, byte[] body) {
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return Map.of();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair :
                PercentEncoding.parsePairs(new String(body, StandardCharsets.UTF_8), true)) {
            fields.putIfAbsent(pair.getKey(), pair.getValue());
        }
        return fields;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(raw, true)) {
            values.putIfAbsent(pair.getKey(), pair.getValue());
        }
        return values;
    }

    private static byte[] readBody(InputStream in) throws IOException, SsoError {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > MAX_BODY_BYTES) {
                throw SsoError.invalidRequest("The request body is too large");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}

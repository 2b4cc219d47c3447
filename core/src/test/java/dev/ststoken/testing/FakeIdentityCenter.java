package dev.ststoken.testing;

import dev.ststoken.internal.Json;
import dev.ststoken.internal.PercentEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small loopback stand-in for IAM Identity Center's portal and OIDC service (and STS's AssumeRole,
 * for chains over a sign-in), answering as the wire format of botocore's service models says: the
 * portal's {@code GET /federation/credentials} for a known bearer token, the OIDC {@code POST /token}
 * refresh grant for a known refresh token (rotated on use), 401 UnauthorizedException and 400
 * invalid_grant otherwise. Hostile answers are scripted with {@link #next}. Not the emulator's Identity
 * Center (being built separately): only what the client needs, in tests.
 */
public final class FakeIdentityCenter implements AutoCloseable {
    /** One request as the server saw it. */
    public record Request(
            String method, String path, Map<String, String> query, Map<String, String> headers, String body) {}

    /** A raw answer: status, headers, body. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public static Answer json(int status, String body) {
            return new Answer(
                    status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ServerSocket server;
    private final Clock clock;
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>(); // refresh token -> client id
    private final Deque<Answer> scripted = new ArrayDeque<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger issued = new AtomicInteger();
    private volatile long expiresIn = 28_800;
    private volatile boolean closed;

    public FakeIdentityCenter(Clock clock) throws IOException {
        this.clock = clock;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fake-identity-center");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The portal accepts this bearer token. */
    public FakeIdentityCenter acceptAccessToken(String token) {
        accessTokens.add(token);
        return this;
    }

    /** Forgets every access token (a sign-out, or an expiry on the service's side). */
    public void revokeAccessTokens() {
        accessTokens.clear();
    }

    /** The OIDC service renews with this refresh token, for this client id. */
    public FakeIdentityCenter acceptRefreshToken(String refreshToken, String clientId) {
        refreshTokens.put(refreshToken, clientId);
        return this;
    }

    public void expiresIn(long seconds) {
        expiresIn = seconds;
    }

    /** The next requests get these answers, whatever they ask. */
    public synchronized void next(Answer... answers) {
        scripted.addAll(List.of(answers));
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public long count(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).count();
    }

    private synchronized Answer scriptedAnswer() {
        return scripted.poll();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> handle(socket), "fake-identity-center-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            Request request = read(socket.getInputStream());
            requests.add(request);
            Answer answer = scriptedAnswer();
            if (answer == null) {
                answer = answer(request);
            }
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("HTTP/1.1 " + answer.status() + " X\r\n");
            answer.headers()
                    .forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(answer.body().length).append("\r\nConnection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(answer.body());
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    private Answer answer(Request request) {
        if (request.method().equals("GET") && request.path().equals("/federation/credentials")) {
            if (!accessTokens.contains(request.headers().getOrDefault("x-amz-sso_bearer_token", ""))) {
                return unauthorized();
            }
            int n = issued.incrementAndGet();
            Map<String, Object> credentials = new LinkedHashMap<>();
            credentials.put("accessKeyId", String.format(Locale.ROOT, "ASIASSOFAKE%09d", n));
            credentials.put(
                    "secretAccessKey", "ssosecret" + n + "/" + request.query().get("role_name"));
            credentials.put(
                    "sessionToken", "ssotoken" + n + "+" + request.query().get("account_id"));
            credentials.put("expiration", clock.millis() + 3_600_000L);
            return Answer.json(200, Json.write(Map.of("roleCredentials", credentials)));
        }
        if (request.method().equals("POST") && request.path().equals("/token")) {
            Map<String, Object> body = Json.parseObject(request.body());
            String refresh = (String) body.get("refreshToken");
            String client = refreshTokens.remove(refresh == null ? "" : refresh);
            if (!"refresh_token".equals(body.get("grantType"))
                    || client == null
                    || !client.equals(body.get("clientId"))) {
                return Answer.json(
                        400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token provided\"}");
            }
            int n = issued.incrementAndGet();
            String access = "renewed-access-" + n;
            String newRefresh = "renewed-refresh-" + n;
            accessTokens.add(access);
            refreshTokens.put(newRefresh, client);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("accessToken", access);
            answer.put("tokenType", "Bearer");
            answer.put("expiresIn", expiresIn);
            answer.put("refreshToken", newRefresh);
            return Answer.json(200, Json.write(answer));
        }
        if (request.method().equals("GET") && request.path().equals("/assignment/accounts")) {
            if (!accessTokens.contains(request.headers().getOrDefault("x-amz-sso_bearer_token", ""))) {
                return unauthorized();
            }
            return Answer.json(
                    200,
                    "{\"accountList\":[{\"accountId\":\"123456789012\",\"accountName\":\"dev\","
                            + "\"emailAddress\":\"dev@example.com\"}]}");
        }
        if (request.method().equals("GET") && request.path().equals("/assignment/roles")) {
            if (!accessTokens.contains(request.headers().getOrDefault("x-amz-sso_bearer_token", ""))) {
                return unauthorized();
            }
            return Answer.json(
                    200,
                    "{\"roleList\":[{\"roleName\":\"Admin\",\"accountId\":\""
                            + request.query().get("account_id") + "\"},{\"roleName\":\"ReadOnly\",\"accountId\":\""
                            + request.query().get("account_id") + "\"}]}");
        }
        if (request.method().equals("POST") && request.path().equals("/logout")) {
            accessTokens.remove(request.headers().getOrDefault("x-amz-sso_bearer_token", ""));
            return new Answer(200, Map.of(), new byte[0]);
        }
        if (request.method().equals("POST")
                && request.path().equals("/")
                && request.body().contains("Action=AssumeRole")) {
            int n = issued.incrementAndGet();
            String expiration =
                    java.time.Instant.ofEpochMilli(clock.millis() + 3_600_000L).toString();
            String xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                    + "<Credentials><AccessKeyId>" + String.format(Locale.ROOT, "ASIAROLEFAKE%08d", n)
                    + "</AccessKeyId>"
                    + "<SecretAccessKey>rolesecret" + n + "</SecretAccessKey><SessionToken>roletoken" + n
                    + "</SessionToken><Expiration>" + expiration + "</Expiration></Credentials>"
                    + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>"
                    + "<AssumedRoleId>AROAFAKE:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                    + "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>";
            return new Answer(200, Map.of("Content-Type", "text/xml"), xml.getBytes(StandardCharsets.UTF_8));
        }
        if (request.method().equals("GET")
                && request.path().equals("/federation")
                && "getSigninToken".equals(request.query().get("Action"))) {
            Map<String, Object> session = Json.parseObject(request.query().get("Session"));
            return Answer.json(200, "{\"SigninToken\":\"signin-for-" + session.get("sessionId") + "\"}");
        }
        if (request.method().equals("POST")
                && request.path().equals("/")
                && request.body().contains("Action=GetCallerIdentity")) {
            String xml = "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin/me"
                    + "</Arn><UserId>AROAFAKE:me</UserId><Account>123456789012</Account></GetCallerIdentityResult>"
                    + "<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
            return new Answer(200, Map.of("Content-Type", "text/xml"), xml.getBytes(StandardCharsets.UTF_8));
        }
        return Answer.json(404, "{\"message\":\"no such operation\"}");
    }

    private static Answer unauthorized() {
        return new Answer(
                401,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "x-amzn-ErrorType",
                        "UnauthorizedException:http://internal/"),
                "{\"message\":\"Session token not found or invalid\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static Request read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        String[] lines = head.toString().split("\r\n");
        String[] first = lines[0].split(" ");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        String target = first[1];
        int q = target.indexOf('?');
        Map<String, String> query = new HashMap<>();
        if (q >= 0) {
            for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(target.substring(q + 1), false)) {
                query.put(pair.getKey(), pair.getValue());
            }
        }
        return new Request(first[0], q >= 0 ? target.substring(0, q) : target, query, headers, body);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}

package dev.ststoken.emulator;

import dev.ststoken.credentials.AwsCredentials;
import dev.ststoken.sigv4.HttpRequestParts;
import dev.ststoken.sigv4.SigV4Signer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Requests built and signed by hand, for what our client never sends: tampered query strings,
 * duplicate keys, odd credential scopes, control characters. Sent over real HTTP.
 */
final class SignedRequests {
    /** @param location the Location header of a redirect, else null */
    record Response(int status, String body, String location) {}

    private final URI endpoint;
    private final Clock clock;

    SignedRequests(URI endpoint, Clock clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    private String host() {
        return endpoint.getHost() + ":" + endpoint.getPort();
    }

    /** A POST signed in the header form over the given raw query and form body. */
    Response post(AwsCredentials who, String region, String service, String rawQuery, String body) throws IOException {
        return post(who, region, service, rawQuery, body, "application/x-www-form-urlencoded; charset=utf-8");
    }

    /** The same with any Content-Type, or none (null). */
    Response post(AwsCredentials who, String region, String service, String rawQuery, String body, String contentType)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<Map.Entry<String, String>> signed = contentType == null
                ? List.of(Map.entry("Host", host()))
                : List.of(Map.entry("Content-Type", contentType), Map.entry("Host", host()));
        HttpRequestParts request = new HttpRequestParts("POST", "/", rawQuery, signed, bytes);
        List<Map.Entry<String, String>> headers = new SigV4Signer(clock).signHeaders(request, who, region, service);
        HttpURLConnection connection = open(rawQuery.isEmpty() ? "/" : "/?" + rawQuery);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        for (Map.Entry<String, String> header : headers) {
            if (!header.getKey().equals("Host")) {
                connection.setRequestProperty(header.getKey(), header.getValue());
            }
        }
        connection.getOutputStream().write(bytes);
        return response(connection);
    }

    /** The query string of a presigned GET for the given raw query. */
    String presign(AwsCredentials who, String region, String service, String rawQuery) {
        HttpRequestParts request =
                new HttpRequestParts("GET", "/", rawQuery, List.of(Map.entry("Host", host())), new byte[0]);
        return new SigV4Signer(clock).presignQuery(request, who, region, service, Duration.ofMinutes(5));
    }

    /** A GET of exactly this raw query, as an attacker who rewrote a presigned URL would send it. */
    Response get(String rawQuery) throws IOException {
        return response(open("/?" + rawQuery));
    }

    private HttpURLConnection open(String pathAndQuery) throws IOException {
        HttpURLConnection connection =
                (HttpURLConnection) URI.create(endpoint + pathAndQuery).toURL().openConnection();
        connection.setConnectTimeout(5000);
        connection.setInstanceFollowRedirects(false);
        connection.setReadTimeout(30_000);
        return connection;
    }

    private static Response response(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Response(status, body, connection.getHeaderField("Location"));
    }
}

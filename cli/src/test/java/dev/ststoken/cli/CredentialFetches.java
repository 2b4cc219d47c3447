package dev.ststoken.cli;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A job for {@code exec --server}, run as its child JVM: asks the credential server N times, as an
 * SDK does over a long job, and writes one line per answer (the status and the access key id) to a
 * file, since the child's stdout is the test runner's. Given a gate directory, it waits after each
 * fetch but the last for the test to move its clock: it creates {@code fetched-N} there and goes on
 * when {@code go-N} appears.
 */
public final class CredentialFetches {
    private CredentialFetches() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        int count = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        Path gate = args.length > 2 ? Path.of(args[2]) : null;
        URI uri = URI.create(System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        String token = System.getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestProperty("Authorization", token);
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(30000);
            int status = connection.getResponseCode();
            String body = new String(
                    (status == 200 ? connection.getInputStream() : connection.getErrorStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
            int key = body.indexOf("\"AccessKeyId\"");
            String keyId = key < 0
                    ? "-"
                    : body.substring(key).replaceFirst("(?s)^\"AccessKeyId\"\\s*:\\s*\"([^\"]*)\".*", "$1");
            lines.add(status + " " + keyId);
            if (gate != null && i < count - 1) {
                Files.createFile(gate.resolve("fetched-" + i));
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!Files.exists(gate.resolve("go-" + i)) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
    }
}

package dev.ststoken.sigv4;

import dev.ststoken.internal.Crypto;
import dev.ststoken.internal.PercentEncoding;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server side of SigV4, in the order AWS checks, so a client sees the error AWS would give: parse
 * the claim, check its time against the clock, then recompute the signature with the caller's secret and compare
 * in constant time. Key lookup sits between {@link #parse} and {@link #verify} because it is the
 * server's business.
 */
public final class SigV4Verifier {
    private final Clock clock;
    private final Duration maxSkew;
    private final java.util.concurrent.ConcurrentHashMap<String, byte[]> signingKeys =
            new java.util.concurrent.ConcurrentHashMap<>();

    public SigV4Verifier(Clock clock, Duration maxSkew) {
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    /** Reads the claim from the Authorization header or, failing that, from the presigned query. */
    public SignatureClaim parse(HttpRequestParts request) throws SigV4Exception {
        String authorization = request.header("Authorization");
        if (authorization != null) {
            return parseHeader(request, authorization);
        }
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, String> pair : PercentEncoding.parsePairs(request.rawQuery(), false)) {
            query.putIfAbsent(pair.getKey(), pair.getValue());
        }
        if (query.containsKey("X-Amz-Signature") || query.containsKey("X-Amz-Algorithm")) {
            return parsePresigned(query);
        }
        throw new SigV4Exception("MissingAuthenticationToken", "Request is missing Authentication Token");
    }

    private SignatureClaim parseHeader(HttpRequestParts request, String header) throws SigV4Exception {
        String trimmed = header.trim();
        if (!trimmed.startsWith(SigV4.ALGORITHM + " ")) {
            throw new SigV4Exception(
                    "IncompleteSignature", "Unsupported AWS 'algorithm': '" + firstWord(trimmed) + "'");
        }
        Map<String, String> parts = new HashMap<>();
        for (String part : trimmed.substring(SigV4.ALGORITHM.length()).split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new SigV4Exception(
                        "IncompleteSignature",
                        "'" + p
                                + "' not a valid key=value pair (missing equal-sign) in Authorization header: '"
                                + trimmed + "'.");
            }
            parts.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        String amzDate = request.header("X-Amz-Date");
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!parts.containsKey(required)) {
                missing.append("Authorization header requires '")
                        .append(required)
                        .append("' parameter. ");
            }
        }
        if (amzDate == null && request.header("Date") == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (missing.length() > 0) {
            throw new SigV4Exception("IncompleteSignature", missing + "Authorization=" + trimmed);
        }
        Instant requestTime = amzDate != null ? parseAmzDate(amzDate) : parseHttpDate(request.header("Date"));
        if (amzDate == null) {
            amzDate = SigV4.amzDate(requestTime);
        }
        String credential = parts.get("Credential");
        int slash = credential.indexOf('/');
        CredentialScope scope = slash < 0 ? null : CredentialScope.parse(credential.substring(slash + 1));
        if (scope == null) {
            throw new SigV4Exception(
                    "IncompleteSignature",
                    "Credential should be of the form "
                            + "<AccessKeyId>/<Date>/<Region>/<Service>/aws4_request. Authorization=" + trimmed);
        }
        List<String> signedHeaders = Arrays.asList(
                parts.get("SignedHeaders").toLowerCase(Locale.ROOT).split(";"));
        return new SignatureClaim(
                credential.substring(0, slash),
                scope,
                signedHeaders,
                parts.get("Signature"),
                amzDate,
                requestTime,
                request.header("X-Amz-Security-Token"),
                false,
                -1);
    }

    private SignatureClaim parsePresigned(Map<String, String> query) throws SigV4Exception {
        StringBuilder missing = new StringBuilder();
        for (String required : List.of(
                "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date")) {
            if (!query.containsKey(required)) {
                missing.append("AWS query-string parameters must include '")
                        .append(required)
                        .append("'. ");
            }
        }
        if (missing.length() > 0) {
            throw new SigV4Exception("IncompleteSignature", missing + "Re-examine the query-string parameters.");
        }
        if (!SigV4.ALGORITHM.equals(query.get("X-Amz-Algorithm"))) {
            throw new SigV4Exception(
                    "IncompleteSignature", "Unsupported AWS 'algorithm': '" + query.get("X-Amz-Algorithm") + "'");
        }
        String credential = query.get("X-Amz-Credential");
        int slash = credential.indexOf('/');
        CredentialScope scope = slash < 0 ? null : CredentialScope.parse(credential.substring(slash + 1));
        if (scope == null) {
            throw new SigV4Exception(
                    "IncompleteSignature",
                    "Credential should be of the form " + "<AccessKeyId>/<Date>/<Region>/<Service>/aws4_request.");
        }
        long expires = 3600;
        if (query.containsKey("X-Amz-Expires")) {
            try {
                expires = Long.parseLong(query.get("X-Amz-Expires"));
            } catch (NumberFormatException e) {
                expires = -2;
            }
            if (expires < 1 || expires > 604800) {
                throw new SigV4Exception(
                        "AuthorizationQueryParametersError",
                        "X-Amz-Expires must be a number between 1 and 604800 seconds");
            }
        }
        String amzDate = query.get("X-Amz-Date");
        List<String> signedHeaders = Arrays.asList(
                query.get("X-Amz-SignedHeaders").toLowerCase(Locale.ROOT).split(";"));
        return new SignatureClaim(
                credential.substring(0, slash),
                scope,
                signedHeaders,
                query.get("X-Amz-Signature"),
                amzDate,
                parseAmzDate(amzDate),
                query.get("X-Amz-Security-Token"),
                true,
                expires);
    }

    /** Rejects requests signed too far from now, and presigned URLs past their expiry, with AWS's texts. */
    public void checkTime(SignatureClaim claim) throws SigV4Exception {
        Instant now = clock.instant();
        if (!claim.amzDate().startsWith(claim.scope().date())) {
            throw new SigV4Exception(
                    "SignatureDoesNotMatch",
                    "Date in Credential scope does not match YYYYMMDD "
                            + "from ISO-8601 version of date from HTTP: '"
                            + claim.scope().date() + "' != '"
                            + claim.amzDate()
                                    .substring(0, Math.min(8, claim.amzDate().length())) + "', from '"
                            + claim.amzDate() + "'.");
        }
        long skewMinutes = maxSkew.toMinutes();
        if (claim.presigned()) {
            Instant expiry = claim.requestTime().plusSeconds(claim.expiresSeconds());
            if (now.isAfter(expiry)) {
                throw new SigV4Exception(
                        "SignatureDoesNotMatch",
                        "Signature expired: " + SigV4.amzDate(expiry) + " is now earlier than " + SigV4.amzDate(now)
                                + ".");
            }
        } else if (claim.requestTime().isBefore(now.minus(maxSkew))) {
            throw new SigV4Exception(
                    "SignatureDoesNotMatch",
                    "Signature expired: " + claim.amzDate()
                            + " is now earlier than " + SigV4.amzDate(now.minus(maxSkew)) + " ("
                            + SigV4.amzDate(now) + " - " + skewMinutes + " min.)");
        }
        if (claim.requestTime().isAfter(now.plus(maxSkew))) {
            throw new SigV4Exception(
                    "SignatureDoesNotMatch",
                    "Signature not yet current: " + claim.amzDate()
                            + " is still later than " + SigV4.amzDate(now.plus(maxSkew)) + " ("
                            + SigV4.amzDate(now) + " + " + skewMinutes + " min.)");
        }
    }

    /** Recomputes the signature with the caller's secret; true only on an exact, constant-time match. */
    public boolean verify(SignatureClaim claim, HttpRequestParts request, String secretAccessKey)
            throws SigV4Exception {
        if (!claim.signedHeaders().contains("host")) {
            throw new SigV4Exception(
                    "SignatureDoesNotMatch",
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        for (String name : claim.signedHeaders()) {
            if (request.headerValues(name).isEmpty()) {
                return false;
            }
        }
        List<String> sorted = new ArrayList<>(claim.signedHeaders());
        sorted.sort(null);
        String payloadHash = payloadHash(request);
        CanonicalRequest canonical = CanonicalRequest.of(request, sorted, payloadHash, claim.presigned());
        String expected = SigV4.signature(
                signingKey(secretAccessKey, claim.scope()),
                SigV4.stringToSign(claim.amzDate(), claim.scope(), canonical.hash()));
        return Crypto.constantTimeEquals(expected, claim.signature());
    }

    /**
     * Signing keys depend only on secret, date, region and service, so a server derives each once a
     * day instead of four HMACs per request (the AWS SDKs cache them the same way). Bounded: a flood
     * of distinct keys only costs recomputation.
     */
    private byte[] signingKey(String secretAccessKey, CredentialScope scope) {
        String cacheKey = scope + "\n" + secretAccessKey;
        byte[] key = signingKeys.get(cacheKey);
        if (key == null) {
            key = SigV4.signingKey(secretAccessKey, scope);
            if (signingKeys.size() > 4096) {
                signingKeys.clear();
            }
            signingKeys.put(cacheKey, key);
        }
        return key;
    }

    /**
     * The hash of the body, which must equal X-Amz-Content-Sha256 when that header is present:
     * botocore uses the header's value in its canonical request, but a server cannot trust it blindly.
     */
    private static String payloadHash(HttpRequestParts request) throws SigV4Exception {
        String actual = Crypto.sha256Hex(request.body());
        String declared = request.header("X-Amz-Content-Sha256");
        if (declared != null && !declared.equals(actual)) {
            throw new SigV4Exception(
                    "SignatureDoesNotMatch",
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return actual;
    }

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'}, read by hand: a server parses one per request, and the JDK's
     * formatter cost as much as the rest of the date checks together. Impossible dates are refused.
     */
    static Instant parseAmzDate(String amzDate) throws SigV4Exception {
        if (amzDate.length() == 16 && amzDate.charAt(8) == 'T' && amzDate.charAt(15) == 'Z') {
            int year = digits(amzDate, 0, 4);
            int month = digits(amzDate, 4, 6);
            int day = digits(amzDate, 6, 8);
            int hour = digits(amzDate, 9, 11);
            int minute = digits(amzDate, 11, 13);
            int second = digits(amzDate, 13, 15);
            if (year >= 0 && month >= 0 && day >= 0 && hour >= 0 && minute >= 0 && second >= 0) {
                try {
                    return LocalDateTime.of(year, month, day, hour, minute, second)
                            .toInstant(ZoneOffset.UTC);
                } catch (DateTimeException e) {
                    // out of range: refused below
                }
            }
        }
        throw new SigV4Exception(
                "IncompleteSignature",
                "Date must be in ISO-8601 'basic format'. Got '" + amzDate
                        + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    /** The decimal number in {@code [from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant parseHttpDate(String date) throws SigV4Exception {
        try {
            return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new SigV4Exception("IncompleteSignature", "Date header is not an RFC 1123 date.");
        }
    }

    private static String firstWord(String s) {
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }
}

package dev.ststoken.http;

import dev.ststoken.http.HttpFailure.Kind;
import dev.ststoken.internal.HttpSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one HTTP/1.1 answer and trusts none of it: a strict status line, a head of at most 64 KiB
 * and 100 headers, no folded lines, no bare CR or NUL, exactly one way to frame
 * the body (Content-Length, chunked, or to the close), and a body of at most the caller's limit.
 * Anything else is an {@link HttpFailure} of a kind the caller can put in the user's words.
 */
final class ResponseReader {
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 100;
    /** 100 Continue and friends, which a server may send unasked; a stream of them is an attack. */
    private static final int MAX_INTERIM = 8;
    /** A chunk-size line: hex digits and, rarely, an extension we ignore. */
    private static final int MAX_CHUNK_LINE = 1024;
    /** 8 hex digits: a chunk below 4 GiB, and an overflow-free sum against the body limit. */
    private static final int MAX_CHUNK_DIGITS = 8;

    private final InputStream in;
    private int budget;

    private ResponseReader(InputStream in) {
        this.in = in;
    }

    /** The status line and headers of a proxy's answer to CONNECT; reads no byte past them. */
    record Head(int status, List<Map.Entry<String, String>> headers) {}

    static Head readHead(InputStream in) throws IOException {
        ResponseReader reader = new ResponseReader(in);
        reader.budget = MAX_HEAD_BYTES;
        return reader.head();
    }

    /** A whole answer; {@code headRequest} answers carry no body whatever their headers say. */
    static Response read(InputStream in, int maxBody, boolean headRequest) throws IOException {
        ResponseReader reader = new ResponseReader(in);
        reader.budget = MAX_HEAD_BYTES;
        Head head = reader.head();
        for (int interim = 0; head.status() < 200; interim++) {
            if (head.status() == 101 || interim >= MAX_INTERIM) {
                throw new HttpFailure(Kind.MALFORMED, "an unexpected HTTP " + head.status() + " answer");
            }
            head = reader.head(); // what follows a 100 Continue is the real answer
        }
        int status = head.status();
        byte[] body = headRequest || status == 204 || status == 304 ? new byte[0] : reader.body(head, maxBody);
        return new Response(status, head.headers(), body);
    }

    private Head head() throws IOException {
        String statusLine = line(true);
        int status = status(statusLine);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String line = line(false); !line.isEmpty(); line = line(false)) {
            if (headers.size() >= MAX_HEADERS) {
                throw new HttpFailure(Kind.TOO_LARGE, "an answer with more than " + MAX_HEADERS + " headers");
            }
            headers.add(header(line));
        }
        return new Head(status, List.copyOf(headers));
    }

    /** {@code HTTP/1.1 200 OK}: version 1.0 or 1.1, three digits, then a space or the end. */
    private static int status(String line) throws HttpFailure {
        if (!(line.startsWith("HTTP/1.1 ") || line.startsWith("HTTP/1.0 "))
                || line.length() < 12
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new HttpFailure(Kind.MALFORMED, "a malformed HTTP status line");
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpFailure(Kind.MALFORMED, "a malformed HTTP status line");
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100 || status > 599) {
            throw new HttpFailure(Kind.MALFORMED, "a malformed HTTP status line");
        }
        return status;
    }

    /**
     * {@code Name: value}. A space before the colon or a folded continuation line is refused: two
     * parsers reading them differently is how responses are smuggled.
     */
    private static Map.Entry<String, String> header(String line) throws HttpFailure {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new HttpFailure(Kind.MALFORMED, "a malformed header line");
        }
        if (!HttpSyntax.isToken(line.substring(0, colon))) {
            throw new HttpFailure(Kind.MALFORMED, "a malformed header name");
        }
        return Map.entry(line.substring(0, colon), HttpSyntax.fieldValue(line, colon));
    }

    /** RFC 9110's tchar. */
    /**
     * One line without its CRLF (a bare LF is taken, a bare CR is not), within the budget. The
     * status line's first five bytes must be {@code HTTP/}, checked as they arrive: a TLS alert
     * has no line end to wait for.
     */
    private String line(boolean statusLine) throws IOException {
        StringBuilder line = new StringBuilder();
        boolean cr = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (statusLine && line.length() == 0 && !cr) {
                    throw new HttpFailure(Kind.CLOSED_BEFORE_ANSWER, "the connection closed without an answer");
                }
                throw new HttpFailure(Kind.TRUNCATED, "the connection closed in the middle of the answer");
            }
            if (--budget < 0) {
                throw new HttpFailure(Kind.TOO_LARGE, "an answer head larger than " + MAX_HEAD_BYTES / 1024 + " KiB");
            }
            if (statusLine && line.length() < 5 && !cr && b != "HTTP/".charAt(line.length())) {
                throw new HttpFailure(Kind.NOT_HTTP, "an answer that is not HTTP");
            }
            if (b == '\n') {
                return line.toString();
            }
            // A bare CR or a NUL is where parsers disagree on where a line ends; other control
            // characters stay (as HttpURLConnection kept them) for the callers, which print
            // nothing of the server's without making it printable.
            if (cr || b == 0) {
                throw new HttpFailure(Kind.MALFORMED, "a bare CR or a NUL in the answer's head");
            }
            if (b == '\r') {
                cr = true;
            } else {
                line.append((char) b); // Latin-1: header values may hold obs-text, kept byte for byte
            }
        }
    }

    private byte[] body(Head head, int maxBody) throws IOException {
        String transferEncoding = null;
        String contentLength = null;
        for (Map.Entry<String, String> header : head.headers()) {
            if (header.getKey().equalsIgnoreCase("Transfer-Encoding")) {
                if (transferEncoding != null) {
                    throw new HttpFailure(Kind.MALFORMED, "more than one Transfer-Encoding header");
                }
                transferEncoding = header.getValue();
            } else if (header.getKey().equalsIgnoreCase("Content-Length")) {
                if (contentLength != null && !contentLength.equals(header.getValue())) {
                    throw new HttpFailure(Kind.MALFORMED, "conflicting Content-Length headers");
                }
                contentLength = header.getValue();
            }
        }
        if (transferEncoding != null) {
            if (contentLength != null) {
                // RFC 9112 lets Transfer-Encoding win; an answer framed two ways is refused instead.
                throw new HttpFailure(Kind.MALFORMED, "both Transfer-Encoding and Content-Length");
            }
            if (!transferEncoding.equalsIgnoreCase("chunked")) {
                throw new HttpFailure(Kind.MALFORMED, "a Transfer-Encoding other than chunked");
            }
            return chunked(maxBody);
        }
        if (contentLength != null) {
            long length = length(contentLength);
            if (length > maxBody) {
                throw new HttpFailure(Kind.TOO_LARGE, "response larger than " + maxBody + " bytes");
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new HttpFailure(Kind.TRUNCATED, "the connection closed in the middle of the answer");
            }
            return body;
        }
        return toClose(maxBody);
    }

    /** Decimal digits only (no sign, no list, no spaces inside), at most 18 so it fits a long. */
    private static long length(String value) throws HttpFailure {
        if (value.isEmpty() || value.length() > 18) {
            throw new HttpFailure(Kind.MALFORMED, "an invalid Content-Length");
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpFailure(Kind.MALFORMED, "an invalid Content-Length");
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    private byte[] chunked(int maxBody) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            budget = MAX_CHUNK_LINE;
            long size = chunkSize(line(false));
            if (size == 0) {
                break;
            }
            if (out.size() + size > maxBody) {
                throw new HttpFailure(Kind.TOO_LARGE, "response larger than " + maxBody + " bytes");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw new HttpFailure(Kind.TRUNCATED, "the connection closed in the middle of the answer");
            }
            out.write(chunk, 0, chunk.length);
            endOfChunk();
        }
        // Trailers: read within the head's limits, and ignored.
        budget = MAX_HEAD_BYTES;
        int trailers = 0;
        for (String line = line(false); !line.isEmpty(); line = line(false)) {
            header(line);
            if (++trailers > MAX_HEADERS) {
                throw new HttpFailure(Kind.TOO_LARGE, "an answer with more than " + MAX_HEADERS + " trailers");
            }
        }
        return out.toByteArray();
    }

    /** The CRLF (or LF) that must follow a chunk's data exactly. */
    private void endOfChunk() throws IOException {
        int b = in.read();
        if (b == '\r') {
            b = in.read();
        }
        if (b < 0) {
            throw new HttpFailure(Kind.TRUNCATED, "the connection closed in the middle of the answer");
        }
        if (b != '\n') {
            throw new HttpFailure(Kind.MALFORMED, "a chunk longer than its size");
        }
    }

    /** {@code 1a2b} or {@code 1a2b;ext=1}: 1 to 8 hex digits, whitespace only before an extension. */
    private static long chunkSize(String line) throws HttpFailure {
        int end = line.indexOf(';');
        if (end < 0) {
            end = line.length();
        } else {
            while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
                end--;
            }
        }
        if (end == 0 || end > MAX_CHUNK_DIGITS) {
            throw new HttpFailure(Kind.MALFORMED, "an invalid chunk size");
        }
        long size = 0;
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            int digit = c >= '0' && c <= '9'
                    ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                throw new HttpFailure(Kind.MALFORMED, "an invalid chunk size");
            }
            size = size * 16 + digit;
        }
        return size;
    }

    /** No length given: the body is what comes before the close, up to the limit. */
    private byte[] toClose(int maxBody) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > maxBody) {
                throw new HttpFailure(Kind.TOO_LARGE, "response larger than " + maxBody + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}

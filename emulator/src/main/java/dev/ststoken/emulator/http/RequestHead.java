package dev.ststoken.emulator.http;

import dev.ststoken.internal.HttpSyntax;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The request line and headers, checked; the framing of the body they announce. */
record RequestHead(
        String method,
        String rawPath,
        String rawQuery,
        boolean version11,
        List<Map.Entry<String, String>> headers,
        boolean chunked,
        long contentLength) {
    String header(String name) {
        return Headers.first(headers, name);
    }

    boolean keepAlive() {
        if (!version11) {
            return false;
        }
        for (Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase("Connection")) {
                for (String token : header.getValue().split(",")) {
                    if (token.trim().equalsIgnoreCase("close")) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static RequestHead read(HttpInput input, ServerOptions options) throws IOException {
        int budget = options.maxHeadBytes();
        String line = input.readLine(budget);
        budget -= line.length() + 2;
        // A client may send a stray CRLF after a previous body; one such line is tolerated.
        if (line.isEmpty()) {
            line = input.readLine(budget);
            budget -= line.length() + 2;
        }
        int firstSpace = line.indexOf(' ');
        int lastSpace = line.lastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace == firstSpace) {
            throw new BadRequestException(400, "malformed request line");
        }
        String method = line.substring(0, firstSpace);
        String target = line.substring(firstSpace + 1, lastSpace);
        String version = line.substring(lastSpace + 1);
        if (!HttpSyntax.isToken(method)) {
            throw new BadRequestException(400, "malformed request line");
        }
        boolean version11;
        if (version.equals("HTTP/1.1")) {
            version11 = true;
        } else if (version.equals("HTTP/1.0")) {
            version11 = false;
        } else if (version.startsWith("HTTP/") && version.length() == 8) {
            throw new BadRequestException(505, "HTTP version not supported");
        } else {
            throw new BadRequestException(400, "malformed request line");
        }
        target = RequestTarget.originForm(target);
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);

        List<Map.Entry<String, String>> headers = new ArrayList<>(16);
        while (true) {
            String header = input.readLine(budget);
            budget -= header.length() + 2;
            if (header.isEmpty()) {
                break;
            }
            if (headers.size() == options.maxHeaders()) {
                throw new BadRequestException(0, "too many headers");
            }
            headers.add(parseHeader(header));
        }
        return framed(method, rawPath, rawQuery, version11, headers);
    }

    private static Map.Entry<String, String> parseHeader(String line) throws BadRequestException {
        int colon = line.indexOf(':');
        // No name, a folded continuation line, or whitespace before the colon: all refused, as
        // each lets two parsers disagree about where a header ends.
        if (colon <= 0 || !HttpSyntax.isToken(line.substring(0, colon))) {
            throw new BadRequestException(400, "malformed header");
        }
        String value = HttpSyntax.fieldValue(line, colon);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new BadRequestException(400, "control character in a header value");
            }
        }
        return Map.entry(line.substring(0, colon), value);
    }

    /** How the body is framed: both framings at once, or a bad length, could smuggle a request. */
    private static RequestHead framed(
            String method, String rawPath, String rawQuery, boolean version11, List<Map.Entry<String, String>> headers)
            throws BadRequestException {
        String length = null;
        String transferEncoding = null;
        int hosts = 0;
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Host")) {
                hosts++;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                if (length != null && !length.equals(header.getValue())) {
                    throw new BadRequestException(400, "conflicting Content-Length headers");
                }
                length = header.getValue();
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                if (transferEncoding != null) {
                    throw new BadRequestException(400, "repeated Transfer-Encoding header");
                }
                transferEncoding = header.getValue();
            }
        }
        // RFC 9112: an HTTP/1.1 request has exactly one Host; two could name different targets.
        if (hosts > 1 || (version11 && hosts == 0)) {
            throw new BadRequestException(400, "an HTTP/1.1 request needs exactly one Host header");
        }
        if (transferEncoding != null) {
            if (length != null || !version11) {
                throw new BadRequestException(400, "Transfer-Encoding with Content-Length or in HTTP/1.0");
            }
            if (!transferEncoding.trim().toLowerCase(Locale.ROOT).equals("chunked")) {
                throw new BadRequestException(501, "only the chunked transfer coding is supported");
            }
            return new RequestHead(method, rawPath, rawQuery, version11, headers, true, 0);
        }
        long contentLength = 0;
        if (length != null) {
            if (length.isEmpty() || length.length() > 18) {
                throw new BadRequestException(400, "bad Content-Length");
            }
            for (int i = 0; i < length.length(); i++) {
                char c = length.charAt(i);
                if (c < '0' || c > '9') {
                    throw new BadRequestException(400, "bad Content-Length");
                }
                contentLength = contentLength * 10 + (c - '0');
            }
        }
        return new RequestHead(method, rawPath, rawQuery, version11, headers, false, contentLength);
    }
}

package dev.ststoken.emulator.http;

import java.io.IOException;

/** Answers one request. The body stream is the request's; what the handler leaves unread is discarded. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request) throws IOException;
}

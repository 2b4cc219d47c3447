package dev.ststoken.emulator.request;

import java.time.Instant;

/**
 * How a request arrived, for the context keys AWS derives from it rather than from the caller.
 *
 * @param sourceIp        the client's address (aws:SourceIp)
 * @param secureTransport whether it came over TLS (aws:SecureTransport)
 * @param region          the region the request is for (aws:RequestedRegion)
 * @param now             when it is evaluated (aws:CurrentTime, aws:EpochTime, aws:MultiFactorAuthAge)
 * @param enforceIam      whether policies decide, or the fixed rules of unenforced mode
 */
public record RequestFacts(String sourceIp, boolean secureTransport, String region, Instant now, boolean enforceIam) {}

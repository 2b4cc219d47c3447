package dev.ststoken.sts;

import java.net.URI;

/** Where to send requests, and the region to sign them for (the two differ for the global endpoint). */
public record StsEndpoint(URI uri, String signingRegion) {}

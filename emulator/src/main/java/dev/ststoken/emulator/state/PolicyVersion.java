package dev.ststoken.emulator.state;

import java.time.Instant;

/** One version of a managed policy's document; IAM keeps at most five. */
public record PolicyVersion(String versionId, String document, Instant created) {}

package dev.ststoken.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads small text files with java.io, whose classes are in the JDK's default CDS archive;
 * Files.readString pulls in the NIO channel stack, a measurable cost on the cache-hit path.
 */
public final class TextFiles {
    private TextFiles() {}

    /** The file's bytes (Files.readAllBytes would open a FileChannel: about 40 classes more). */
    public static byte[] readBytes(Path path) throws IOException {
        try (FileInputStream in = new FileInputStream(path.toFile())) {
            return in.readAllBytes();
        }
    }

    /** The file's UTF-8 text, or null when it does not exist. */
    public static String readIfExists(Path path) throws IOException {
        File file = path.toFile();
        try (FileInputStream in = new FileInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            if (!file.exists()) {
                return null;
            }
            throw e;
        }
    }
}

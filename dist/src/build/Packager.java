import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the Ansible collection and the Puppet module tarballs at package time, with the JDK only
 * (a newcomer's machine has neither ansible-galaxy nor puppet). Run as a single-file program:
 * {@code java Packager.java VERSION DIST_DIR SRC_MAIN_DIR}.
 */
public class Packager {
    /** A file in a tarball: path inside it, bytes, executable or not. */
    record Entry(String name, byte[] data, boolean executable) {}

    public static void main(String[] args) throws Exception {
        String version = args[0];
        Path dist = Path.of(args[1]);
        Path src = Path.of(args[2]);
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dist.resolve("lib"))) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
        }
        // Names the jar set for the launcher's class-data archive: new jars, new archive.
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Path jar : jars) {
            digest.update(Files.readAllBytes(jar));
        }
        Files.writeString(
                dist.resolve("lib/BUILD_ID"),
                HexFormat.of().formatHex(digest.digest()).substring(0, 16) + "\n");
        // One copy of the directory checks for the three shell entry points, inlined so each stays one file.
        String trustedDirSh = Files.readString(src.resolve("sh/trusted-dir.sh"), StandardCharsets.UTF_8);
        Path launcher = dist.resolve("bin/sts-session-token");
        Files.writeString(launcher, inline(Files.readString(launcher, StandardCharsets.UTF_8), trustedDirSh));
        ansibleCollection(version, dist, src.resolve("ansible"), jars, trustedDirSh);
        puppetModule(version, dist, src.resolve("puppet"), jars, trustedDirSh);
    }

    /**
     * The collection's modules and the launcher adapter each runs: every module file is made from the
     * one launcher template and carries the same jars (unpacked once for all of them).
     */
    static final Map<String, String> ANSIBLE_MODULES =
            ordered("sts_session_token", "ansible", "sts_assume_role", "ansible-assume-role");
    /** The Puppet module's tasks and their adapters; each task's script is made from the one template. */
    static final Map<String, String> BOLT_TASKS =
            ordered("get_session_token", "bolt", "assume_role", "bolt-assume-role");

    static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** The template with each marker replaced; a marker the template lacks is a build error. */
    static String fill(String template, String... markersAndValues) {
        String text = template;
        for (int i = 0; i < markersAndValues.length; i += 2) {
            if (!text.contains(markersAndValues[i])) {
                throw new IllegalStateException("no " + markersAndValues[i] + " in the template");
            }
            text = text.replace(markersAndValues[i], markersAndValues[i + 1]);
        }
        return text;
    }

    /** Replaces the marker line with the shared shell functions; a script without the marker is a build error. */
    static String inline(String script, String trustedDirSh) {
        String marker = "# @TRUSTED_DIR_SH@\n";
        if (!script.contains(marker)) {
            throw new IllegalStateException("no " + marker.strip() + " line to replace");
        }
        return script.replace(marker, trustedDirSh);
    }

    /** {@code sha256sum -c} lines for the given files, relative to {@code base}. */
    static String sums(Path base, List<Path> files) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            text.append(sha256(Files.readAllBytes(file)))
                    .append("  ")
                    .append(base.relativize(file))
                    .append('\n');
        }
        return text.toString();
    }

    static void ansibleCollection(String version, Path dist, Path src, List<Path> jars, String trustedDirSh)
            throws Exception {
        List<Entry> libTar = new ArrayList<>();
        for (Path jar : jars) {
            libTar.add(new Entry("lib/" + jar.getFileName(), Files.readAllBytes(jar), false));
        }
        byte[] payload = tarGz(libTar, List.of("lib"));
        String payloadId = version + "-" + sha256(payload).substring(0, 16);
        // The digest of each jar, fixed here: the module checks what it unpacked before running it.
        String template = inline(
                        Files.readString(src.resolve("plugins/modules/sts_session_token"), StandardCharsets.UTF_8),
                        trustedDirSh)
                .replace("@PAYLOAD_ID@", payloadId)
                .replace("@JAR_SHA256@\n", sums(dist, jars));
        String encoded = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(payload);

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.md", Files.readAllBytes(src.resolve("README.md")));
        files.put("meta/runtime.yml", Files.readAllBytes(src.resolve("meta/runtime.yml")));
        List<String> executables = new ArrayList<>();
        for (Map.Entry<String, String> module : ANSIBLE_MODULES.entrySet()) {
            String name = "plugins/modules/" + module.getKey();
            files.put(
                    name,
                    (fill(template, "@MODULE@", module.getKey(), "@ADAPTER@", module.getValue()) + encoded + "\n")
                            .getBytes(StandardCharsets.UTF_8));
            files.put(name + ".yml", Files.readAllBytes(src.resolve(name + ".yml")));
            executables.add(name);
        }
        List<String> dirs = List.of("meta", "plugins", "plugins/modules");

        // FILES.json and MANIFEST.json as ansible-galaxy collection build writes them.
        StringBuilder filesJson =
                new StringBuilder("{\"files\": [{\"name\": \".\", \"ftype\": \"dir\", \"chksum_type\": null, "
                        + "\"chksum_sha256\": null, \"format\": 1}");
        List<String> names = new ArrayList<>(files.keySet());
        names.addAll(dirs);
        names.sort(null);
        for (String name : names) {
            if (files.containsKey(name)) {
                filesJson
                        .append(", {\"name\": \"")
                        .append(name)
                        .append("\", \"ftype\": \"file\", \"chksum_type\": \"sha256\", " + "\"chksum_sha256\": \"")
                        .append(sha256(files.get(name)))
                        .append("\", \"format\": 1}");
            } else {
                filesJson
                        .append(", {\"name\": \"")
                        .append(name)
                        .append("\", \"ftype\": \"dir\", \"chksum_type\": null, "
                                + "\"chksum_sha256\": null, \"format\": 1}");
            }
        }
        filesJson.append("], \"format\": 1}");
        byte[] filesBytes = filesJson.toString().getBytes(StandardCharsets.UTF_8);
        String manifest =
                "{\"collection_info\": {\"namespace\": \"ststoken\", \"name\": \"aws\", \"version\": \"" + version
                        + "\", \"authors\": [\"sts-session-token developers\"], \"readme\": \"README.md\", \"tags\": [\"aws\", \"sts\", \"mfa\"], "
                        + "\"description\": \"Temporary AWS credentials (STS GetSessionToken and AssumeRole with MFA), drop-ins for "
                        + "sts_session_token and sts_assume_role.\", "
                        + "\"license\": [\"Apache-2.0\"], \"license_file\": null, \"dependencies\": {}, \"repository\": "
                        + "\"https://example.invalid/sts-session-token\", \"documentation\": null, \"homepage\": null, \"issues\": null}, "
                        + "\"file_manifest_file\": {\"name\": \"FILES.json\", \"ftype\": \"file\", \"chksum_type\": \"sha256\", "
                        + "\"chksum_sha256\": \"" + sha256(filesBytes) + "\", \"format\": 1}, \"format\": 1}";
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("MANIFEST.json", manifest.getBytes(StandardCharsets.UTF_8), false));
        entries.add(new Entry("FILES.json", filesBytes, false));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            entries.add(new Entry(file.getKey(), file.getValue(), executables.contains(file.getKey())));
        }
        Files.write(dist.resolve("ststoken-aws-" + version + ".tar.gz"), tarGz(entries, dirs));
    }

    /**
     * The module unpacks to a directory named after it ({@code sts_session_token/}), as it must sit in
     * a modulepath. The task runs the same launcher as the CLI (files/bin), so it gets the same
     * class-data archive; SHA256SUMS lets it check its private copy of bin/ and lib/.
     */
    static void puppetModule(String version, Path dist, Path src, List<Path> jars, String trustedDirSh)
            throws Exception {
        String top = "sts_session_token";
        String metadata = "{\n  \"name\": \"ststoken-sts_session_token\",\n  \"version\": \"" + version + "\",\n"
                + "  \"author\": \"ststoken\",\n  \"summary\": \"Bolt tasks: temporary AWS credentials (STS GetSessionToken and AssumeRole, with MFA).\",\n"
                + "  \"license\": \"Apache-2.0\",\n  \"source\": \"https://example.invalid/sts-session-token\",\n"
                + "  \"dependencies\": [],\n  \"operatingsystem_support\": [\n    {\"operatingsystem\": \"Debian\"},\n"
                + "    {\"operatingsystem\": \"Ubuntu\"},\n    {\"operatingsystem\": \"RedHat\"},\n    {\"operatingsystem\": \"Darwin\"}\n  ],\n"
                + "  \"requirements\": [{\"name\": \"puppet\", \"version_requirement\": \">= 6.0.0\"}]\n}\n";
        List<Path> payload = new ArrayList<>();
        payload.add(dist.resolve("bin/sts-session-token"));
        payload.addAll(jars);
        payload.add(dist.resolve("lib/BUILD_ID"));
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(top + "/metadata.json", metadata.getBytes(StandardCharsets.UTF_8), false));
        entries.add(new Entry(top + "/README.md", Files.readAllBytes(src.resolve("README.md")), false));
        String task = inline(
                Files.readString(src.resolve("tasks/get_session_token.sh"), StandardCharsets.UTF_8), trustedDirSh);
        for (Map.Entry<String, String> bolt : BOLT_TASKS.entrySet()) {
            String name = top + "/tasks/" + bolt.getKey();
            entries.add(new Entry(
                    name + ".json", Files.readAllBytes(src.resolve("tasks/" + bolt.getKey() + ".json")), false));
            entries.add(new Entry(
                    name + ".sh",
                    fill(task, "@TASK@", bolt.getKey(), "@ADAPTER@", bolt.getValue())
                            .getBytes(StandardCharsets.UTF_8),
                    true));
        }
        for (Path file : payload) {
            entries.add(new Entry(
                    top + "/files/" + dist.relativize(file),
                    Files.readAllBytes(file),
                    file.getParent().endsWith("bin")));
        }
        entries.add(new Entry(top + "/files/SHA256SUMS", sums(dist, payload).getBytes(StandardCharsets.UTF_8), false));
        Files.write(
                dist.resolve("ststoken-sts_session_token-" + version + ".tar.gz"),
                tarGz(entries, List.of(top, top + "/tasks", top + "/files", top + "/files/bin", top + "/files/lib")));
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** A ustar archive, gzipped; directories first, fixed mtime so that builds are reproducible. */
    static byte[] tarGz(List<Entry> entries, List<String> dirs) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (String dir : dirs) {
                header(gzip, dir + "/", 0, 0755, '5');
            }
            for (Entry entry : entries) {
                header(gzip, entry.name(), entry.data().length, entry.executable() ? 0755 : 0644, '0');
                gzip.write(entry.data());
                gzip.write(new byte[(512 - entry.data().length % 512) % 512]);
            }
            gzip.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    static void header(OutputStream out, String name, long size, int mode, char type) throws IOException {
        byte[] header = new byte[512];
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 100) {
            throw new IOException("tar entry name too long: " + name);
        }
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, mode);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, 1700000000L);
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        header[156] = (byte) type;
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        long checksum = 0;
        for (byte b : header) {
            checksum += b & 0xff;
        }
        octal(header, 148, 7, checksum);
        out.write(header);
    }

    static void octal(byte[] header, int offset, int length, long value) {
        String text = Long.toOctalString(value);
        while (text.length() < length - 1) {
            text = "0" + text;
        }
        byte[] digits = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(digits, 0, header, offset, length - 1);
        header[offset + length - 1] = 0;
    }
}

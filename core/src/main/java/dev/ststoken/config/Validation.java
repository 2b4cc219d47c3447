package dev.ststoken.config;

import dev.ststoken.errors.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The constraints STS's API model puts on GetSessionToken members, checked before any
 * network call so that bad input costs no request and no MFA code. Messages name the value's role
 * and the rule; they echo the value only where it is not a secret.
 */
public final class Validation {
    public static final int MIN_DURATION = 900;
    public static final int MAX_DURATION = 129600;
    // Character checks instead of java.util.regex: compiling patterns costs start-up on every run.
    private static boolean isSerialChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || "+=/:,.@-".indexOf(c) >= 0;
    }

    private static boolean allSerialChars(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isSerialChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSixDigits(String value) {
        if (value.length() != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** [a-z0-9]+(-[a-z0-9]+)* */
    private static boolean isRegionName(String value) {
        if (value.isEmpty() || value.startsWith("-") || value.endsWith("-") || value.contains("--")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private Validation() {}

    /** Parses a duration given as text (flags, Ansible and Bolt strings). */
    public static int durationSeconds(String raw) throws ConfigException {
        String value = raw.strip();
        int seconds;
        try {
            seconds = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("invalid duration '" + abbreviate(value) + "': must be a whole number of seconds "
                    + "between " + MIN_DURATION + " and " + MAX_DURATION);
        }
        return checkDuration(seconds);
    }

    public static int checkDuration(long seconds) throws ConfigException {
        if (seconds < MIN_DURATION || seconds > MAX_DURATION) {
            throw new ConfigException("invalid duration " + seconds + ": must be between " + MIN_DURATION + " and "
                    + MAX_DURATION + " seconds");
        }
        return (int) seconds;
    }

    /** Six digits; the code itself is not echoed (it may be a valid code typed in the wrong place). */
    public static boolean isTokenCode(String code) {
        return isSixDigits(code);
    }

    /** Six digits; spaces between them are dropped, as authenticator apps show codes as "123 456". */
    public static String checkTokenCode(String code) throws ConfigException {
        String value = withoutSpaces(code);
        if (!isSixDigits(value)) {
            throw new ConfigException(
                    "invalid MFA token code: must be exactly six digits (got " + value.length() + " characters)");
        }
        return value;
    }

    /** The code with every space and tab removed. */
    public static String withoutSpaces(String code) {
        StringBuilder digits = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c != ' ' && c != '\t') {
                digits.append(c);
            }
        }
        return digits.toString().strip();
    }

    public static String checkSerial(String serial) throws ConfigException {
        String value = serial.strip();
        if (value.length() < 9 || value.length() > 256) {
            throw new ConfigException("invalid MFA serial number '" + abbreviate(value)
                    + "': must be 9 to 256 characters (a device ARN like arn:aws:iam::123456789012:mfa/name, "
                    + "or a hardware serial)");
        }
        if (!allSerialChars(value)) {
            throw new ConfigException("invalid MFA serial number '" + abbreviate(value)
                    + "': only letters, digits and +=/:,.@_- are allowed");
        }
        // AWS's pattern alone ([\w+=/:,.@-]{9,256}) lets "not-an-arn" through to a failed call: the value
        // must also be one of the two things a serial is, a device ARN or a hardware token's serial.
        if (!isMfaDeviceArn(value) && !isHardwareSerial(value)) {
            throw new ConfigException("invalid MFA serial number '" + abbreviate(value)
                    + "': expected a device ARN like arn:aws:iam::123456789012:mfa/name, or a hardware token's "
                    + "serial (letters and digits, like GAHT12345678)");
        }
        return value;
    }

    /** arn:PARTITION:iam::ACCOUNT:mfa/[PATH/]NAME, ACCOUNT twelve digits. */
    private static boolean isMfaDeviceArn(String value) {
        String[] parts = value.split(":", 6);
        if (parts.length != 6
                || !parts[0].equals("arn")
                || parts[1].isEmpty()
                || !parts[2].equals("iam")
                || !parts[3].isEmpty()
                || parts[4].length() != 12
                || !parts[5].startsWith("mfa/")
                || parts[5].endsWith("/")
                || parts[5].contains(":")) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            if (parts[4].charAt(i) < '0' || parts[4].charAt(i) > '9') {
                return false;
            }
        }
        return parts[5].length() > "mfa/".length();
    }

    /** A hardware TOTP token's serial as printed on it (GAHT12345678): letters and digits, some digits. */
    private static boolean isHardwareSerial(String value) {
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return digit;
    }

    /**
     * Key ids, secrets and tokens are printable ASCII without spaces. One with a line break (a
     * pasted value, a hand-edited file) would otherwise fail only when sent, as a network error.
     * The value is never echoed.
     */
    public static void checkCredentialText(String what, String source, String value) throws ConfigException {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new ConfigException("the " + what + " from " + source + " holds a space, a line break or a "
                        + "character outside printable ASCII; check where it is set");
            }
        }
    }

    /** arn:PARTITION:iam::ACCOUNT:role/PATH/NAME, as AssumeRole accepts it. */
    public static String checkRoleArn(String arn) throws ConfigException {
        String value = arn.strip();
        String[] parts = value.split(":", 6);
        if (parts.length != 6
                || !parts[0].equals("arn")
                || !parts[2].equals("iam")
                || !parts[5].startsWith("role/")
                || parts[5].length() <= "role/".length()
                || value.length() > 2048) {
            throw new ConfigException(
                    "invalid role ARN '" + abbreviate(value) + "': expected arn:aws:iam::123456789012:role/NAME");
        }
        return value;
    }

    /** [\w+=,.@-]{2,64}: what STS accepts as RoleSessionName. */
    public static String checkRoleSessionName(String name) throws ConfigException {
        String value = name.strip();
        boolean ok = value.length() >= 2 && value.length() <= 64;
        for (int i = 0; ok && i < value.length(); i++) {
            char c = value.charAt(i);
            ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "_+=,.@-".indexOf(c) >= 0;
        }
        if (!ok) {
            throw new ConfigException(
                    "invalid role session name '" + abbreviate(value) + "': 2 to 64 letters, digits or _+=,.@-");
        }
        return value;
    }

    public static String checkRegion(String region) throws ConfigException {
        String value = region.strip();
        if (!isRegionName(value) || value.length() > 64) {
            throw new ConfigException("invalid region '" + abbreviate(value) + "': expected a name like eu-west-1");
        }
        return value;
    }

    public static URI endpointUrl(String raw) throws ConfigException {
        String value = raw.strip();
        if (!value.contains("://")) {
            throw new ConfigException("invalid endpoint URL '" + abbreviate(value) + "': it lacks the scheme; write "
                    + "http://" + abbreviate(value) + " or https://" + abbreviate(value));
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new ConfigException(
                        "invalid endpoint URL '" + abbreviate(value) + "': expected http(s)://host[:port][/path]");
            }
            if (uri.getUserInfo() != null) {
                throw new ConfigException("invalid endpoint URL: credentials in the URL are not supported");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("invalid endpoint URL '" + abbreviate(value) + "': expected "
                    + "http(s)://host[:port][/path] (" + e.getReason().toLowerCase(java.util.Locale.ROOT) + ")");
        }
    }

    static String abbreviate(String value) {
        StringBuilder printable = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            printable.append(Character.isISOControl(c) ? '?' : c);
        }
        return printable.length() <= 64 ? printable.toString() : printable.substring(0, 61) + "...";
    }
}

package dev.ststoken.internal;

import java.time.Instant;

/**
 * UTC timestamps in the three fixed shapes this tool prints, by arithmetic rather than
 * java.time.format: building a DateTimeFormatter costs a noticeable part of a cache hit's start-up.
 * The parsers of what servers send read the one shape servers use by hand and leave every other text
 * to java.time, so they accept and refuse exactly what it does: java.time.format (about 85 classes,
 * lambdas and regular expressions among them) loads only for an unusual answer.
 */
public final class Timestamps {
    private Timestamps() {}

    /** {@code 2026-11-23T12:34:56Z}: RFC 3339 UTC, what credential_process consumers want. */
    public static String utcZ(Instant instant) {
        return date(instant, '-') + 'T' + time(instant, ':') + 'Z';
    }

    /** {@code 2026-11-23T12:34:56+00:00}: Python's isoformat() of an aware UTC datetime (the original Ansible module's format). */
    public static String utcOffset(Instant instant) {
        return date(instant, '-') + 'T' + time(instant, ':') + "+00:00";
    }

    /** {@code 20261123T123456Z}: SigV4's X-Amz-Date. */
    public static String amzDate(Instant instant) {
        return date(instant, (char) 0) + 'T' + time(instant, (char) 0) + 'Z';
    }

    /**
     * Parses exactly what {@link #utcZ} writes; null for anything else, a day the month does not have
     * included. The fractionless case of the reader below, not a second reader of the same shape.
     */
    public static Instant parseUtcZ(String text) {
        return text != null && text.length() == 20 ? utcWithFraction(text) : null;
    }

    /**
     * What {@code Instant.parse}, else {@code OffsetDateTime.parse}, makes of {@code text} (STS's
     * Expiration: ISO-8601, UTC, with or without a fraction; others may send an offset); throws
     * DateTimeParseException as they do.
     */
    public static Instant parseIso8601(String text) {
        Instant fast = utcWithFraction(text);
        if (fast != null) {
            return fast;
        }
        return JavaTime.iso8601(text);
    }

    /**
     * What {@code ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)} makes of an HTTP
     * Date header ({@code Sun, 06 Dec 2026 05:51:02 GMT}), as an Instant; throws
     * DateTimeParseException as it does.
     */
    public static Instant parseHttpDate(String text) {
        Instant fast = imfFixdate(text);
        if (fast != null) {
            return fast;
        }
        return JavaTime.httpDate(text);
    }

    /**
     * {@link #parseHttpDate}, or null for a missing or unreadable header: a server's Date only
     * corrects a clock skew, and an answer without a usable one is still an answer.
     */
    public static Instant parseHttpDateOrNull(String text) {
        if (text == null) {
            return null;
        }
        Instant fast = imfFixdate(text);
        return fast != null ? fast : JavaTime.httpDateOrNull(text);
    }

    /**
     * java.time's parsers, for the texts the shapes above leave out. A class of its own: the verifier
     * of a class that catches DateTimeParseException loads it, and with it java.time's exceptions,
     * on every run that uses Timestamps.
     */
    private static final class JavaTime {
        static Instant iso8601(String text) {
            try {
                return Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                return java.time.OffsetDateTime.parse(text).toInstant();
            }
        }

        static Instant httpDate(String text) {
            return java.time.ZonedDateTime.parse(text, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        }

        static Instant httpDateOrNull(String text) {
            try {
                return httpDate(text);
            } catch (java.time.DateTimeException e) {
                return null;
            }
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with valid fields, else null (for java.time to judge). */
    private static Instant utcWithFraction(String text) {
        if (text == null || text.length() < 20 || text.length() == 21 || text.length() > 30) {
            return null;
        }
        int end = text.length() - 1;
        if (!digits(text, 0, 4)
                || text.charAt(4) != '-'
                || !digits(text, 5, 7)
                || text.charAt(7) != '-'
                || !digits(text, 8, 10)
                || text.charAt(10) != 'T'
                || !digits(text, 11, 13)
                || text.charAt(13) != ':'
                || !digits(text, 14, 16)
                || text.charAt(16) != ':'
                || !digits(text, 17, 19)
                || text.charAt(end) != 'Z'
                || (end > 19 && (text.charAt(19) != '.' || !digits(text, 20, end)))) {
            return null;
        }
        int nanos = 0;
        for (int i = 20; i < 29; i++) {
            nanos = nanos * 10 + (i < end ? text.charAt(i) - '0' : 0);
        }
        return civil(
                number(text, 0, 4),
                number(text, 5, 7),
                number(text, 8, 10),
                number(text, 11, 13),
                number(text, 14, 16),
                number(text, 17, 19),
                nanos);
    }

    private static final String DAYS = "MonTueWedThuFriSatSun";
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /**
     * RFC 9110's IMF-fixdate, {@code EEE, dd MMM yyyy HH:mm:ss GMT}, or with a one-digit day as
     * java.time prints it, whose weekday is right; else null.
     */
    private static Instant imfFixdate(String text) {
        if (text == null || (text.length() != 29 && text.length() != 28)) {
            return null;
        }
        int d = text.length() - 29; // -1 for a one-digit day: what follows it starts one earlier
        if (!text.startsWith(", ", 3)
                || !digits(text, 5, 7 + d)
                || text.charAt(7 + d) != ' '
                || text.charAt(11 + d) != ' '
                || !digits(text, 12 + d, 16 + d)
                || text.charAt(16 + d) != ' '
                || !digits(text, 17 + d, 19 + d)
                || text.charAt(19 + d) != ':'
                || !digits(text, 20 + d, 22 + d)
                || text.charAt(22 + d) != ':'
                || !digits(text, 23 + d, 25 + d)
                || !text.startsWith(" GMT", 25 + d)) {
            return null;
        }
        int day = name(DAYS, text, 0);
        int month = name(MONTHS, text, 8 + d);
        if (day < 0 || month < 0) {
            return null;
        }
        Instant instant = civil(
                number(text, 12 + d, 16 + d),
                month + 1,
                number(text, 5, 7 + d),
                number(text, 17 + d, 19 + d),
                number(text, 20 + d, 22 + d),
                number(text, 23 + d, 25 + d),
                0);
        // java.time refuses a weekday that is not the date's.
        return instant != null && Math.floorMod(Math.floorDiv(instant.getEpochSecond(), 86400) + 3, 7) == day
                ? instant
                : null;
    }

    /** The instant of a valid UTC date and time (no leap second, no 24:00), else null. */
    private static Instant civil(int year, int month, int day, int hour, int minute, int second, int nanos) {
        if (month < 1
                || month > 12
                || day < 1
                || day > lengthOfMonth(year, month)
                || hour > 23
                || minute > 59
                || second > 59) {
            return null;
        }
        return Instant.ofEpochSecond(
                daysFromCivil(year, month, day) * 86400 + hour * 3600L + minute * 60L + second, nanos);
    }

    private static int lengthOfMonth(int year, int month) {
        if (month == 2) {
            return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** The index of the three letters at {@code at} in {@code names}, exactly as written there; else -1. */
    private static int name(String names, String text, int at) {
        for (int i = 0; i < names.length(); i += 3) {
            if (names.regionMatches(i, text, at, 3)) {
                return i / 3;
            }
        }
        return -1;
    }

    private static boolean digits(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + text.charAt(i) - '0';
        }
        return n;
    }

    private static String date(Instant instant, char separator) {
        long days = Math.floorDiv(instant.getEpochSecond(), 86400);
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        StringBuilder out = new StringBuilder(10);
        pad(out, y, 4);
        if (separator != 0) out.append(separator);
        pad(out, m, 2);
        if (separator != 0) out.append(separator);
        pad(out, d, 2);
        return out.toString();
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm); the day is not checked against the month. */
    public static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static String time(Instant instant, char separator) {
        long secondOfDay = Math.floorMod(instant.getEpochSecond(), 86400);
        StringBuilder out = new StringBuilder(8);
        pad(out, secondOfDay / 3600, 2);
        if (separator != 0) out.append(separator);
        pad(out, secondOfDay / 60 % 60, 2);
        if (separator != 0) out.append(separator);
        pad(out, secondOfDay % 60, 2);
        return out.toString();
    }

    private static void pad(StringBuilder out, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        out.append(digits);
    }
}

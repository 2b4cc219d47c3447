package dev.ststoken.internal;

import java.time.Instant;

/**
 * UTC timestamps in the three fixed shapes this tool prints, by arithmetic rather than
 * java.time.format: building a DateTimeFormatter costs a noticeable part of a cache hit's start-up.
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

    /** Parses exactly what {@link #utcZ} writes; null for anything else. */
    public static Instant parseUtcZ(String text) {
        if (text == null
                || text.length() != 20
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(19) != 'Z') {
            return null;
        }
        try {
            long year = Long.parseLong(text.substring(0, 4));
            int month = Integer.parseInt(text.substring(5, 7));
            int day = Integer.parseInt(text.substring(8, 10));
            int hour = Integer.parseInt(text.substring(11, 13));
            int minute = Integer.parseInt(text.substring(14, 16));
            int second = Integer.parseInt(text.substring(17, 19));
            if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
                return null;
            }
            return Instant.ofEpochSecond(
                    daysFromCivil(year, month, day) * 86400 + hour * 3600L + minute * 60L + second);
        } catch (NumberFormatException e) {
            return null;
        }
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

package dev.ststoken.http;

import dev.ststoken.internal.Timestamps;
import java.time.Instant;

/**
 * The Date header's IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT}), read by hand:
 * {@code ZonedDateTime.parse} with {@code RFC_1123_DATE_TIME} goes through a method reference,
 * whose first use spins the method-handle machinery on every cold start.
 */
public final class HttpDate {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private HttpDate() {}

    /** The instant, or null for anything that is not an IMF-fixdate (the obsolete forms included). */
    public static Instant parse(String value) {
        if (value == null
                || value.length() != 29
                || value.charAt(3) != ','
                || value.charAt(4) != ' '
                || value.charAt(7) != ' '
                || value.charAt(11) != ' '
                || value.charAt(16) != ' '
                || value.charAt(19) != ':'
                || value.charAt(22) != ':'
                || !value.endsWith(" GMT")) {
            return null;
        }
        int month = MONTHS.indexOf(value.substring(8, 11));
        int day = number(value, 5, 7);
        int year = number(value, 12, 16);
        int hour = number(value, 17, 19);
        int minute = number(value, 20, 22);
        int second = number(value, 23, 25);
        if (month < 0 || month % 3 != 0 || day < 1 || year < 0 || hour > 23 || minute > 59 || second > 60) {
            return null;
        }
        int m = month / 3 + 1;
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        int length = m == 2 ? (leap ? 29 : 28) : (m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31);
        if (day > length) {
            return null; // 31 Feb and the like
        }
        // By arithmetic: LocalDate's leap-year check initialises java.time.Year, whose formatter
        // builds java.time.format and java.util.regex.
        long days = Timestamps.daysFromCivil(year, m, day);
        // A leap second (60) reads as the next second, as java.time does.
        return Instant.ofEpochSecond(days * 86_400L + hour * 3600L + minute * 60L + second);
    }

    /** The digits between from and to, or -1. */
    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

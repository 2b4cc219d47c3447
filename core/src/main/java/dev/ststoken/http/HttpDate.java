package dev.ststoken.http;

import dev.ststoken.internal.Timestamps;
import java.time.Instant;

/**
 * The Date header as {@code DateTimeFormatter.RFC_1123_DATE_TIME} reads it ({@code Sun, 06 Nov 1994
 * 08:49:37 GMT}; the day name optional, a one-digit day, seconds optional, {@code GMT} or an offset
 * like {@code +0100}), read by hand: {@code ZonedDateTime.parse} goes through a method reference and
 * java.time.format, which spin method handles and build regexes on every cold start.
 */
public final class HttpDate {
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final String DAYS = "MonTueWedThuFriSatSun";

    private HttpDate() {}

    /** The instant, or null for anything RFC 1123's form does not describe (the obsolete forms included). */
    public static Instant parse(String value) {
        if (value == null || value.length() > 40) {
            return null;
        }
        String s = value.strip();
        if (s.length() > 5 && s.charAt(3) == ',' && s.charAt(4) == ' ' && DAYS.indexOf(s.substring(0, 3)) % 3 == 0) {
            s = s.substring(5); // the day name says nothing the date does not
        }
        String[] part = new String[5];
        int count = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ' ') {
                if (i == start || count == part.length) {
                    return null;
                }
                part[count++] = s.substring(start, i);
                start = i + 1;
            }
        }
        if (count != 5 || part[0].length() > 2 || part[1].length() != 3 || part[2].length() != 4) {
            return null;
        }
        int day = number(part[0], 0, part[0].length());
        int month = MONTHS.indexOf(part[1]);
        int year = number(part[2], 0, 4);
        String time = part[3];
        if (month < 0 || month % 3 != 0 || day < 1 || year < 0) {
            return null;
        }
        if (!(time.length() == 5 || (time.length() == 8 && time.charAt(5) == ':')) || time.charAt(2) != ':') {
            return null;
        }
        int hour = number(time, 0, 2);
        int minute = number(time, 3, 5);
        int second = time.length() == 8 ? number(time, 6, 8) : 0;
        int offset = offsetSeconds(part[4]);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59 || offset == -1) {
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
        return Instant.ofEpochSecond(days * 86_400L + hour * 3600L + minute * 60L + second - offset);
    }

    /** {@code GMT}, {@code UT}, {@code Z} or {@code +HHMM}/{@code -HHMM} as seconds east of UTC; -1 otherwise. */
    private static int offsetSeconds(String zone) {
        if (zone.equals("GMT") || zone.equals("UT") || zone.equals("Z")) {
            return 0;
        }
        if (zone.length() != 5 || (zone.charAt(0) != '+' && zone.charAt(0) != '-')) {
            return -1;
        }
        int hours = number(zone, 1, 3);
        int minutes = number(zone, 3, 5);
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
            return -1;
        }
        int seconds = hours * 3600 + minutes * 60;
        // -1 is the refusal; -00:00:01 cannot be written in this form.
        return zone.charAt(0) == '-' ? -seconds : seconds;
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

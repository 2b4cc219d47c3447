package dev.ststoken.cli;

import dev.ststoken.internal.ControlCharacters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the profile picker shows and does, apart from the terminal: the filter typed so far, the
 * profiles matching it (each word of the filter somewhere in the name, any case, the list's order
 * kept), the selected one, and the screen's lines. {@link ProfilePicker} feeds it keys and draws
 * its lines.
 */
final class PickerModel {
    /** A key as the picker understands it; {@code text} for {@link Kind#TEXT}. */
    record Key(Kind kind, String text) {
        static Key of(Kind kind) {
            return new Key(kind, "");
        }
    }

    enum Kind {
        TEXT,
        BACKSPACE,
        CLEAR,
        UP,
        DOWN,
        PAGE_UP,
        PAGE_DOWN,
        HOME,
        END,
        ENTER,
        CANCEL,
        IGNORED
    }

    enum Outcome {
        GOING_ON,
        CHOSEN,
        CANCELLED
    }

    static final String TITLE = "Pick a profile: type to filter, Up/Down to move, Enter to choose, Esc to cancel";
    static final String PROMPT = "Profile: ";

    /** How many profiles show at once, at most (fewer on a short terminal). */
    static final int MAX_ROWS = 10;

    private static final String REVERSE = "\033[7m";
    private static final String PLAIN = "\033[0m";

    private final List<String> profiles;
    private final StringBuilder filter = new StringBuilder();
    private List<String> matches;
    private int selected;
    private int top;

    PickerModel(List<String> profiles) {
        this.profiles = List.copyOf(profiles);
        this.matches = this.profiles;
    }

    String filter() {
        return filter.toString();
    }

    List<String> matches() {
        return matches;
    }

    /** The profile Enter would choose, or null when nothing matches. */
    String selected() {
        return matches.isEmpty() ? null : matches.get(selected);
    }

    Outcome key(Key key, int rows) {
        switch (key.kind()) {
            case TEXT -> {
                for (char c : key.text().toCharArray()) {
                    if (!ControlCharacters.is(c)) {
                        filter.append(c);
                    }
                }
                refilter();
            }
            case BACKSPACE -> {
                if (filter.length() > 0) {
                    int end = filter.length();
                    int start = Character.isLowSurrogate(filter.charAt(end - 1)) && end >= 2 ? end - 2 : end - 1;
                    filter.delete(start, end);
                    refilter();
                }
            }
            case CLEAR -> {
                filter.setLength(0);
                refilter();
            }
            case UP -> move(-1);
            case DOWN -> move(1);
            case PAGE_UP -> move(-rows);
            case PAGE_DOWN -> move(rows);
            case HOME -> move(-matches.size());
            case END -> move(matches.size());
            case ENTER -> {
                return matches.isEmpty() ? Outcome.GOING_ON : Outcome.CHOSEN;
            }
            case CANCEL -> {
                return Outcome.CANCELLED;
            }
            default -> {
                // a key the picker has no use for (a function key, Alt+letter): nothing happens
            }
        }
        return Outcome.GOING_ON;
    }

    private void move(int by) {
        if (!matches.isEmpty()) {
            selected = Math.max(0, Math.min(matches.size() - 1, selected + by));
        }
    }

    private void refilter() {
        String[] words = filter.toString().toLowerCase(Locale.ROOT).trim().split("\\s+");
        List<String> found = new ArrayList<>();
        for (String profile : profiles) {
            String name = profile.toLowerCase(Locale.ROOT);
            boolean all = true;
            for (String word : words) {
                all &= name.contains(word);
            }
            if (all) {
                found.add(profile);
            }
        }
        matches = List.copyOf(found);
        selected = 0;
        top = 0;
    }

    /**
     * The lines to draw, each cut to {@code columns - 1} characters so none wraps (the picker counts
     * lines to move back up over them): the title, the prompt with the filter, then up to
     * {@code rows} profiles around the selected one, the selected one marked {@code >} and in reverse
     * video, then how many match when not all do. Names are shown with control characters replaced,
     * so a name in the config file cannot move the cursor or retitle the terminal.
     */
    List<String> lines(int columns, int rows) {
        int width = Math.max(columns - 1, 10);
        int shown = Math.max(1, rows);
        if (selected < top) {
            top = selected;
        } else if (selected >= top + shown) {
            top = selected - shown + 1;
        }
        List<String> lines = new ArrayList<>();
        lines.add(cut(TITLE, width));
        lines.add(cut(PROMPT + visible(filter.toString()), width));
        if (matches.isEmpty()) {
            lines.add(cut("  (no profile matches '" + visible(filter.toString()) + "')", width));
        }
        for (int i = top; i < Math.min(matches.size(), top + shown); i++) {
            String line = cut((i == selected ? "> " : "  ") + visible(matches.get(i)), width);
            lines.add(i == selected ? REVERSE + line + PLAIN : line);
        }
        if (matches.size() != profiles.size() || matches.size() > shown) {
            lines.add(cut("  (" + matches.size() + " of " + profiles.size() + ")", width));
        }
        return lines;
    }

    /** Where the cursor goes on the prompt line: after the filter (or at the line's end when it was cut). */
    int promptColumn(int columns) {
        return Math.min(PROMPT.length() + visible(filter.toString()).length(), Math.max(columns - 1, 10));
    }

    static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(ControlCharacters.is(c) ? '?' : c);
        }
        return out.toString();
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "~";
    }
}

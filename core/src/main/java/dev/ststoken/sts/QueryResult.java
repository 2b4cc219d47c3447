package dev.ststoken.sts;

import dev.ststoken.internal.Xml;
import java.util.ArrayList;
import java.util.List;

/**
 * The result element of a Query-protocol answer ({@code <ActionResult>}), read-only: for actions
 * this library has no typed method for. Local names only (namespace prefixes dropped); a missing
 * child or path reads as null.
 */
public final class QueryResult {
    private final Xml.Element element;

    QueryResult(Xml.Element element) {
        this.element = element;
    }

    /**
     * The document element of a Query answer received some other way (a recording, a proxy log).
     *
     * @throws IllegalArgumentException when the text is not a well-formed document; the message names an
     *     offset, never the text
     */
    public static QueryResult parse(String xml) {
        try {
            return new QueryResult(Xml.parse(xml));
        } catch (Xml.ParseException e) {
            throw new IllegalArgumentException("not a well-formed XML document (" + e.getMessage() + ")");
        }
    }

    /** The element's local name. */
    public String name() {
        return element.name();
    }

    /** The element's text, trimmed. */
    public String text() {
        return element.text();
    }

    /** The first direct child with this name, or null. */
    public QueryResult child(String name) {
        Xml.Element child = element.child(name);
        return child == null ? null : new QueryResult(child);
    }

    /** The direct children, in document order. */
    public List<QueryResult> children() {
        List<QueryResult> children = new ArrayList<>();
        for (Xml.Element child : element.children()) {
            children.add(new QueryResult(child));
        }
        return children;
    }

    /** Follows a path of direct children; null when a step is missing. */
    public QueryResult path(String... names) {
        Xml.Element found = element.path(names);
        return found == null ? null : new QueryResult(found);
    }

    /** The text of the element at this path, or null. */
    public String textAt(String... names) {
        return element.textAt(names);
    }

    @Override
    public String toString() {
        return element.toString();
    }
}

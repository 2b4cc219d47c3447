package dev.ststoken.emulator.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an identity's permissions come from: inline policies by name (their JSON text) and the
 * ARNs of attached managed policies, in the order they were added.
 */
public record Permissions(Map<String, String> inline, List<String> attached) {
    public static final Permissions NONE = new Permissions(Map.of(), List.of());

    public Permissions {
        inline = Collections.unmodifiableMap(new LinkedHashMap<>(inline));
        attached = List.copyOf(attached);
    }

    public Permissions withInline(String name, String document) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(inline);
        copy.put(name, document);
        return new Permissions(copy, attached);
    }

    public Permissions withoutInline(String name) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(inline);
        copy.remove(name);
        return new Permissions(copy, attached);
    }

    public Permissions withAttached(String arn) {
        if (attached.contains(arn)) {
            return this;
        }
        List<String> copy = new ArrayList<>(attached);
        copy.add(arn);
        return new Permissions(inline, copy);
    }

    public Permissions withoutAttached(String arn) {
        List<String> copy = new ArrayList<>(attached);
        copy.remove(arn);
        return new Permissions(inline, copy);
    }
}

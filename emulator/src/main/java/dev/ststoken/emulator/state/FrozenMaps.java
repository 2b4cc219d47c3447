package dev.ststoken.emulator.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The maps an {@link Account} holds: unmodifiable, in insertion order, and changed only by copying,
 * so that a published account never changes under a reader.
 */
final class FrozenMaps {
    private FrozenMaps() {}

    /** Insertion order is kept: lists come out in creation order, as the state file has them. */
    static <V> Map<String, V> frozen(Map<String, V> map) {
        if (map instanceof Frozen) {
            return map;
        }
        return new Frozen<>(new LinkedHashMap<>(map));
    }

    static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
        LinkedHashMap<String, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return new Frozen<>(copy);
    }

    static <V> Map<String, V> remove(Map<String, V> map, String key) {
        LinkedHashMap<String, V> copy = new LinkedHashMap<>(map);
        copy.remove(key);
        return new Frozen<>(copy);
    }

    /** An unmodifiable view over a map nobody else holds, marked so that it is not copied again. */
    private static final class Frozen<V> extends java.util.AbstractMap<String, V> {
        private final Map<String, V> inner;

        Frozen(LinkedHashMap<String, V> inner) {
            this.inner = Collections.unmodifiableMap(inner);
        }

        @Override
        public java.util.Set<Entry<String, V>> entrySet() {
            return inner.entrySet();
        }

        @Override
        public V get(Object key) {
            return inner.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return inner.containsKey(key);
        }

        @Override
        public int size() {
            return inner.size();
        }
    }
}

package dev.slipway.cli.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Null-tolerant copies for wire records: the server may leave a collection out, and the CLI should
 * then see an empty one. Order is kept because it is shown to the user.
 */
final class WireCollections {

    private WireCollections() {}

    static <K, V> Map<K, V> map(Map<K, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    static <T> List<T> list(List<T> list) {
        return list == null
                ? List.of()
                : Collections.unmodifiableList(new java.util.ArrayList<>(list));
    }
}

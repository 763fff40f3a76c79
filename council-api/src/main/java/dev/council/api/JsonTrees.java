package dev.council.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Immutable deep copies of JSON-like trees (maps, lists, strings, numbers, booleans). Insertion order
 * is kept, and null values are allowed, unlike {@link Map#copyOf}.
 */
public final class JsonTrees {
  private JsonTrees() {}

  /** An unmodifiable deep copy of a JSON-like map, keeping key order. */
  public static Map<String, Object> copyTree(Map<String, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, copyValue(v)));
    return Collections.unmodifiableMap(copy);
  }

  /** An unmodifiable deep copy of a JSON-like list. */
  public static List<Object> copyList(List<?> list) {
    List<Object> copy = new ArrayList<>(list.size());
    for (Object v : list) {
      copy.add(copyValue(v));
    }
    return Collections.unmodifiableList(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return copyTree((Map<String, ?>) m);
    }
    if (v instanceof List<?> l) {
      return copyList(l);
    }
    return v;
  }
}

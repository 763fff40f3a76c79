package dev.council.api;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Immutable deep copies of JSON-like trees (maps, lists, strings, numbers, booleans). Insertion order
 * is kept, and null values are allowed, unlike {@link Map#copyOf}. Copying a tree this class already
 * copied returns it as is, so records that pass trees along don't copy them again.
 */
public final class JsonTrees {
  private JsonTrees() {}

  /** An unmodifiable deep copy of a JSON-like map, keeping key order. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> copyTree(Map<String, ?> map) {
    if (map instanceof FrozenMap) {
      return (Map<String, Object>) map;
    }
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, copyValue(v)));
    return new FrozenMap(copy);
  }

  /** An unmodifiable deep copy of a JSON-like list. */
  public static List<Object> copyList(List<?> list) {
    if (list instanceof FrozenList frozen) {
      return frozen;
    }
    if (list.isEmpty()) {
      return List.of();
    }
    List<Object> copy = new ArrayList<>(list.size());
    for (Object v : list) {
      copy.add(copyValue(v));
    }
    return new FrozenList(copy);
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

  /** A map only this class creates, over a private copy: provably immutable. */
  private static final class FrozenMap extends AbstractMap<String, Object> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final LinkedHashMap<String, Object> map;

    FrozenMap(Map<String, Object> copy) {
      this.map = (LinkedHashMap<String, Object>) copy;
    }

    @Override public Set<Entry<String, Object>> entrySet() { return Collections.unmodifiableMap(map).entrySet(); }
    @Override public Object get(Object key) { return map.get(key); }
    @Override public boolean containsKey(Object key) { return map.containsKey(key); }
    @Override public int size() { return map.size(); }
  }

  /** A list only this class creates, over a private copy: provably immutable. */
  private static final class FrozenList extends AbstractList<Object> implements java.util.RandomAccess,
      java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final ArrayList<Object> list;

    FrozenList(List<Object> copy) {
      this.list = (ArrayList<Object>) copy;
    }

    @Override public Object get(int index) { return list.get(index); }
    @Override public int size() { return list.size(); }
  }
}

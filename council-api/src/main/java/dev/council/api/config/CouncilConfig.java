package dev.council.api.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Council configuration: an immutable, typed view over layered sources. Precedence, high to low:
 * programmatic values &gt; system properties {@code council.*} &gt; environment variables
 * {@code COUNCIL_*} &gt; {@code council.properties} on the class path. An environment variable's name
 * is the key upper-cased with {@code .} and {@code -} turned into {@code _}
 * ({@code council.providers.openai.base-url} → {@code COUNCIL_PROVIDERS_OPENAI_BASE_URL}).
 *
 * <p>Typed getters throw {@link ConfigException} naming the key and the expected form. Use {@link
 * #validate(List)} to report every problem at once. Keys whose last segment is {@code password},
 * {@code api-key} or {@code secret} are masked in {@link #toString()}. Plugins read the environment only
 * through {@link #env(String)}, so tests can supply their own.
 *
 * <p>Besides string values, a configuration can carry <em>shared objects</em>: instances the application
 * already has and wants plugins to use instead of creating their own (a clustered plugin's connection,
 * for example {@code com.hazelcast.core.HazelcastInstance}), keyed by type. Plugin factories receive the
 * configuration and look them up with {@link #shared(Class)}; the plugin documents which types it reads.
 * The application keeps owning a shared object: plugins never close it.
 *
 * <p>Thread-safe and immutable.
 */
public final class CouncilConfig {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final Set<String> SECRET_SUFFIXES = Set.of("password", "api-key", "apikey", "secret", "token");

  private final Map<String, String> explicit;
  private final Map<String, String> system;
  private final Map<String, String> env;
  private final Map<String, String> file;
  private final Map<Class<?>, Object> shared;

  private CouncilConfig(Map<String, String> explicit, Map<String, String> system, Map<String, String> env,
      Map<String, String> file, Map<Class<?>, Object> shared) {
    this.explicit = Map.copyOf(explicit);
    this.system = Map.copyOf(system);
    this.env = Map.copyOf(env);
    this.file = Map.copyOf(file);
    this.shared = Map.copyOf(shared);
  }

  /** Configuration from system properties, the environment and {@code council.properties}. */
  public static CouncilConfig load() {
    return builder().build();
  }

  /** Only the given values; no system properties, environment or file. For tests and embedding. */
  public static CouncilConfig of(Map<String, String> values) {
    return new CouncilConfig(values, Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** An empty configuration: every getter returns its default. */
  public static CouncilConfig empty() {
    return of(Map.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy with {@code values} layered on top of everything else. */
  public CouncilConfig with(Map<String, String> values) {
    Map<String, String> merged = new LinkedHashMap<>(explicit);
    merged.putAll(values);
    return new CouncilConfig(merged, system, env, file, shared);
  }

  /**
   * A copy that also carries {@code instance} as the shared object of {@code type} (replacing one of that
   * type). See the class comment.
   *
   * @throws IllegalArgumentException if {@code instance} is not a {@code type}
   */
  public <T> CouncilConfig withShared(Class<T> type, T instance) {
    Map<Class<?>, Object> merged = new LinkedHashMap<>(shared);
    merged.put(type, checkedShared(type, instance));
    return new CouncilConfig(explicit, system, env, file, merged);
  }

  /**
   * The shared object registered for exactly {@code type} (not a subtype or supertype), or empty. See the
   * class comment.
   */
  public <T> Optional<T> shared(Class<T> type) {
    return Optional.ofNullable(type.cast(shared.get(type)));
  }

  private static <T> T checkedShared(Class<T> type, T instance) {
    if (!type.isInstance(instance)) {
      throw new IllegalArgumentException("shared object " + instance + " is not a " + type.getName());
    }
    return instance;
  }

  /** The raw value of {@code key}, from the highest source that has it. */
  public Optional<String> get(String key) {
    String v = explicit.get(key);
    if (v == null) {
      v = system.get(key);
    }
    if (v == null) {
      v = env.get(envName(key));
    }
    if (v == null) {
      v = file.get(key);
    }
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public String getString(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  public int getInt(String key, int fallback) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw problem(key, v.get(), "a whole number, e.g. 8");
    }
  }

  public boolean getBoolean(String key, boolean fallback) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw problem(key, v.get(), "true or false");
    };
  }

  /**
   * A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, a plain number of milliseconds, or
   * ISO-8601 ({@code PT30S}).
   */
  public Duration getDuration(String key, Duration fallback) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return fallback;
    }
    return parseDuration(v.get()).orElseThrow(() -> problem(key, v.get(), "a duration such as 500ms, 30s, 2m or PT30S"));
  }

  /**
   * One of {@code type}'s constants, written in any case with {@code -} or {@code _} ({@code multi-node},
   * {@code MULTI_NODE}); {@code fallback} when unset.
   *
   * @throws ConfigException naming the allowed values, ended by the closest one when the value looks like a
   *     typo of it ({@code ... Did you mean 'multi-node'?}, see {@link Suggestions})
   */
  public <E extends Enum<E>> E getEnum(String key, Class<E> type, E fallback) {
    Optional<String> v = get(key);
    if (v.isEmpty()) {
      return fallback;
    }
    String norm = v.get().trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(norm)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    // a secret's value is not shown, so nothing is suggested from it either
    throw problem(key, v.get(), "one of " + allowed,
        isSecretKey(key) ? "" : Suggestions.afterSentence(v.get().trim().replace('_', '-'), allowed));
  }

  /** A secret value stored directly under {@code key}. */
  public Optional<Secret> getSecret(String key) {
    return get(key).map(Secret::of);
  }

  /** An environment variable (from the real environment or the one supplied to the builder). */
  public Optional<String> env(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  /**
   * The distinct next segments of keys under {@code prefix}: for {@code council.providers} and keys
   * {@code council.providers.openai.type}, {@code council.providers.local.base-url} it returns
   * {@code [local, openai]}. Environment keys are included with {@code _} read as {@code .}.
   */
  public Set<String> children(String prefix) {
    String p = prefix.endsWith(".") ? prefix : prefix + ".";
    Set<String> out = new TreeSet<>();
    for (Map<String, String> m : List.of(explicit, system, file)) {
      for (String k : m.keySet()) {
        if (k.startsWith(p) && k.length() > p.length()) {
          String rest = k.substring(p.length());
          int dot = rest.indexOf('.');
          out.add(dot < 0 ? rest : rest.substring(0, dot));
        }
      }
    }
    String envPrefix = envName(p);
    for (String k : env.keySet()) {
      if (k.startsWith(envPrefix) && k.length() > envPrefix.length()) {
        String rest = k.substring(envPrefix.length());
        int us = rest.indexOf('_');
        if (us > 0) {
          out.add(rest.substring(0, us).toLowerCase(Locale.ROOT));
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * Runs every check and throws one {@link ConfigException} listing all problems, if any.
   *
   * @param checks each runs a getter (or more); its {@link ConfigException} problems are collected
   */
  public void validate(List<Runnable> checks) {
    List<String> problems = new ArrayList<>();
    for (Runnable check : checks) {
      try {
        check.run();
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** The environment variable name that configures {@code key}. */
  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 1d}, plain millis or ISO-8601; empty
   * when {@code text} is none of these or is too large for a {@link Duration}.
   */
  public static Optional<Duration> parseDuration(String text) {
    String t = text.trim();
    if (t.startsWith("P") || t.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    Matcher m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    String unit = m.group(2) == null ? "ms" : m.group(2);
    try {
      long n = Long.parseLong(m.group(1));
      return Optional.of(switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether {@code key} holds a secret and is masked when printed. */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    int dot = k.lastIndexOf('.');
    String last = dot < 0 ? k : k.substring(dot + 1);
    return SECRET_SUFFIXES.contains(last) && !last.endsWith("-env");
  }

  /**
   * The problem of {@code key}'s value not being {@code expected}, for checks this class cannot make itself
   * (a range, a combination of keys): {@code KEY is 'VALUE' but must be EXPECTED (set it as system property
   * -DKEY=..., environment variable ENV, or in council.properties)}, a secret's value masked. The same shape
   * as the problems of {@link #getInt}, {@link #getDuration} and {@link #getEnum}.
   */
  public ConfigException invalid(String key, String expected) {
    return problem(key, get(key).orElse(""), expected);
  }

  private static ConfigException problem(String key, String value, String expected) {
    return problem(key, value, expected, "");
  }

  /** The problem of a value that is not {@code expected}, ended by {@code hint} (e.g. a "did you mean"). */
  private static ConfigException problem(String key, String value, String expected, String hint) {
    String shown = isSecretKey(key) ? "******" : "'" + value + "'";
    return new ConfigException(List.of(key + " is " + shown + " but must be " + expected
        + " (set it as system property -D" + key + "=..., environment variable " + envName(key)
        + ", or in council.properties)" + hint));
  }

  /** The effective council.* settings, secrets masked. */
  @Override
  public String toString() {
    Map<String, String> all = new java.util.TreeMap<>();
    all.putAll(file);
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith("COUNCIL_")) {
        all.put("env:" + e.getKey(), e.getValue());
      }
    }
    all.putAll(system);
    all.putAll(explicit);
    StringBuilder sb = new StringBuilder("CouncilConfig{");
    boolean first = true;
    for (Map.Entry<String, String> e : all.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      boolean secret = isSecretKey(e.getKey().startsWith("env:")
          ? e.getKey().substring(4).toLowerCase(Locale.ROOT).replace('_', '.') : e.getKey())
          || e.getKey().endsWith("_API_KEY") || e.getKey().endsWith("_PASSWORD");
      sb.append(e.getKey()).append('=').append(secret ? "******" : e.getValue());
    }
    if (!shared.isEmpty()) {
      sb.append(first ? "" : ", ").append("shared=")
          .append(shared.keySet().stream().map(Class::getName).sorted().toList());
    }
    return sb.append('}').toString();
  }

  /** Builds a configuration from chosen sources. Not thread-safe. */
  public static final class Builder {
    private final Map<String, String> explicit = new LinkedHashMap<>();
    private final Map<Class<?>, Object> shared = new LinkedHashMap<>();
    private @Nullable Map<String, String> system;
    private @Nullable Map<String, String> env;
    private @Nullable Map<String, String> file;
    private ClassLoader classLoader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : CouncilConfig.class.getClassLoader();

    private Builder() {}

    /** A programmatic value (highest precedence). */
    public Builder set(String key, String value) {
      explicit.put(key, value);
      return this;
    }

    public Builder setAll(Map<String, String> values) {
      explicit.putAll(values);
      return this;
    }

    /**
     * Shares an application-owned instance with plugins under {@code type}; see {@link
     * CouncilConfig#shared(Class)}. A later call for the same type replaces the earlier one.
     */
    public <T> Builder share(Class<T> type, T instance) {
      shared.put(type, checkedShared(type, instance));
      return this;
    }

    /** Replaces the system properties source (default: {@link System#getProperties()} {@code council.*}). */
    public Builder systemProperties(Map<String, String> props) {
      this.system = Map.copyOf(props);
      return this;
    }

    /** Replaces the environment (default: {@link System#getenv()}). */
    public Builder environment(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** Reads a properties file as the lowest-precedence source instead of the class-path resource. */
    public Builder propertiesFile(Path path) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(path)) {
        p.load(in);
      } catch (IOException e) {
        throw new ConfigException(List.of("cannot read configuration file " + path + ": " + e.getMessage()));
      }
      this.file = toMap(p);
      return this;
    }

    public Builder classLoader(ClassLoader loader) {
      this.classLoader = loader;
      return this;
    }

    public CouncilConfig build() {
      Map<String, String> sys = system;
      if (sys == null) {
        sys = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
          if (name.startsWith("council.")) {
            sys.put(name, System.getProperty(name));
          }
        }
      }
      Map<String, String> e = env == null ? System.getenv() : env;
      Map<String, String> f = file;
      if (f == null) {
        Properties p = new Properties();
        try (InputStream in = classLoader.getResourceAsStream("council.properties")) {
          if (in != null) {
            p.load(in);
          }
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
        f = toMap(p);
      }
      return new CouncilConfig(explicit, sys, e, f, shared);
    }

    private static Map<String, String> toMap(Properties p) {
      Map<String, String> m = new LinkedHashMap<>();
      for (String n : p.stringPropertyNames()) {
        m.put(n, p.getProperty(n));
      }
      return m;
    }
  }
}

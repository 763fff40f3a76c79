package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.config.CouncilConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the configuration reference in {@code docs/configuration.md} true to the code: every {@code
 * council.*} key the main sources of the modules name is a row of its table, every row is a key the code
 * names, each row's environment form is the one {@link CouncilConfig#envName} derives, and each row names
 * the modules whose code uses the key.
 *
 * <p>Keys are found in the sources as the code spells them: string literals ({@code "council.mode"}),
 * concatenations of string constants and literals ({@code PREFIX + "cluster-name"}), with any other
 * variable read as a placeholder ({@code "council.providers." + id + ".type"} is {@code
 * council.providers.<id>.type}), and the providers module's {@code key(id, "base-url")} helper, which
 * prefixes {@code council.providers.<id>.}. The table writes placeholders in angle brackets, with any name;
 * a row may end in a placeholder segment (e.g. {@code council.providers.<id>.headers.<name>}) for a key the
 * code reads as a prefix.
 */
class ConfigurationReferenceTest {
  /** Literals shaped like keys that are not configuration keys. */
  private static final Map<String, String> NOT_KEYS = Map.of(
      "council.properties", "the name of the properties file read from the class path",
      "council.providers", "the prefix of the per-provider keys, each of which is a row",
      "council.recorder.calls", "a Hazelcast multi-map of the hazelcast recorder",
      "council.recorder.events", "a Hazelcast map of the hazelcast recorder",
      "council.recorder.journal", "a Hazelcast map of the hazelcast recorder",
      "council.recorder.owners", "a Hazelcast map of the hazelcast recorder",
      "council.recorder.runs", "a Hazelcast map of the hazelcast recorder",
      "council.recorder.seqs", "a Hazelcast map of the hazelcast recorder",
      "council.reliability", "the Hazelcast map of the hazelcast reliability store");
  /** Sources whose {@code council.*} literals name something else than configuration keys. */
  private static final List<Path> NOT_CONFIGURATION = List.of(
      // OpenTelemetry span attribute and metric names (council.run.id, council.member.calls, ...)
      Path.of("dev/council/engine/internal/otel/GenAi.java"),
      Path.of("dev/council/engine/internal/otel/OtelTelemetry.java"),
      // span attribute names and the control topics' prefix of the Hazelcast registry's control channel
      Path.of("dev/council/pubsub/hazelcast/ControlChannel.java"),
      // Micrometer meter names of the Spring Boot integration
      Path.of("dev/council/spring/boot/autoconfigure/actuate/CouncilMetrics.java"));
  private static final Pattern COMMENT_OR_LITERAL = Pattern.compile(
      "(\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\n])*\"|'(?:\\\\.|[^'\\\\\n])*')|/\\*(?s:.*?)\\*/|//[^\n]*");
  private static final Pattern STRING_DECL = Pattern.compile(
      "\\bString\\s+(\\w+)\\s*=\\s*((?:\"[^\"\\\\]*\"|[A-Za-z_][\\w.]*)(?:\\s*\\+\\s*(?:\"[^\"\\\\]*\"|[A-Za-z_][\\w.]*))*)\\s*;");
  private static final Pattern CONCAT = Pattern.compile(
      "(?:\"[^\"\\\\]*\"|[A-Za-z_][\\w.]*)(?:\\s*\\+\\s*(?:\"[^\"\\\\]*\"|[A-Za-z_][\\w.]*))*");
  private static final Pattern TOKEN = Pattern.compile("\"([^\"\\\\]*)\"|([A-Za-z_][\\w.]*)");
  private static final Pattern PROVIDER_KEY = Pattern.compile("\\bkey\\(\\s*(?:\\w+\\s*,\\s*)?\"([a-z0-9-]+)\"\\s*\\)");
  private static final Pattern KEY_SHAPE = Pattern.compile("council\\.[a-z0-9<>.-]*");
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`(council\\.[^`]+)`\\s*\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|\\s*$");
  private static final String PLACEHOLDER = "<id>";
  /**
   * Keys Spring binds by the names of {@code CouncilProperties}' record components, which no source spells;
   * council-spring-boot-autoconfigure's SpringConfigurationReferenceTest checks their rows against the
   * generated metadata instead.
   */
  private static final String SPRING_BOUND = "council.spring.";
  /** Marks the constants of every file, reachable by qualified name only. */
  private static final String QUALIFIED = "*";

  @Test
  void theReferenceTableListsExactlyTheKeysTheCodeUses() throws IOException {
    Path root = Cli.examples().getParent();
    Map<String, Set<String>> used = keysInSources(root);
    Map<String, Row> documented = rows(root.resolve("docs/configuration.md"));

    Map<String, String> byNormalForm = new TreeMap<>();
    documented.keySet().forEach(k -> byNormalForm.put(normal(k), k));
    List<String> missing = new ArrayList<>();
    List<String> wrongModules = new ArrayList<>();
    for (Map.Entry<String, Set<String>> e : used.entrySet()) {
      String doc = documentedAs(e.getKey(), byNormalForm);
      if (doc == null) {
        missing.add("| `" + e.getKey() + "` | `" + CouncilConfig.envName(e.getKey()) + "` | <default> | <meaning> | "
            + e.getValue().stream().map(m -> "`" + m + "`").collect(Collectors.joining(", ")) + " |");
      } else {
        Set<String> listed = documented.get(doc).modules();
        if (!listed.containsAll(e.getValue())) {
          wrongModules.add("`" + doc + "`: used by " + e.getValue() + ", the row lists " + listed);
        }
      }
    }
    Set<String> usedNormal = used.keySet().stream().map(ConfigurationReferenceTest::normal).collect(Collectors.toSet());
    List<String> stale = documented.keySet().stream()
        .filter(k -> !k.startsWith(SPRING_BOUND))
        .filter(k -> !usedNormal.contains(normal(k)) && !usedNormal.contains(normal(withoutTrailingPlaceholder(k))))
        .toList();
    List<String> wrongEnv = new ArrayList<>();
    documented.forEach((key, row) -> {
      String expected = key.startsWith("council.bench.") ? "—" : "`" + CouncilConfig.envName(key) + "`";
      if (!row.env().equals(expected)) {
        wrongEnv.add("`" + key + "`: the env column is '" + row.env() + "' but should be '" + expected + "'");
      }
    });

    assertThat(missing).as("keys the code uses but docs/configuration.md does not list; add these rows to its table"
        + " (fill in the default and the meaning):%n%s", String.join("\n", missing)).isEmpty();
    assertThat(stale).as("rows of docs/configuration.md for keys no main source uses any more; remove them (or fix"
        + " the spelling):%n%s", String.join("\n", stale)).isEmpty();
    assertThat(wrongEnv).as("environment forms in docs/configuration.md that CouncilConfig.envName does not derive")
        .isEmpty();
    assertThat(wrongModules).as("rows of docs/configuration.md missing a module whose code uses the key").isEmpty();
  }

  /** The documented key {@code used} is covered by: itself, or a row that adds a trailing placeholder. */
  private static String documentedAs(String used, Map<String, String> byNormalForm) {
    String doc = byNormalForm.get(normal(used));
    if (doc != null) {
      return doc;
    }
    for (Map.Entry<String, String> e : byNormalForm.entrySet()) {
      if (normal(withoutTrailingPlaceholder(e.getValue())).equals(normal(used))) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String withoutTrailingPlaceholder(String key) {
    return key.replaceFirst("\\.<[^>]*>$", "");
  }

  private static String normal(String key) {
    return key.replaceAll("<[^>]*>", "<>");
  }

  private record Row(String env, String defaultValue, String meaning, Set<String> modules) {}

  private static Map<String, Row> rows(Path doc) throws IOException {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(doc)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        Set<String> modules = new TreeSet<>();
        Matcher mod = Pattern.compile("`(council-[a-z-]+)`").matcher(m.group(5));
        while (mod.find()) {
          modules.add(mod.group(1));
        }
        Row previous = rows.put(m.group(1), new Row(m.group(2).strip(), m.group(3).strip(), m.group(4).strip(), modules));
        assertThat(previous).as("docs/configuration.md lists %s twice", m.group(1)).isNull();
      }
    }
    assertThat(rows).as("no rows like | `council.key` | `ENV` | default | meaning | `module` | in " + doc).isNotEmpty();
    return rows;
  }

  /** Every key the main sources use, with the modules using it, sorted. */
  static Map<String, Set<String>> keysInSources(Path root) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root, 1)) {
      List<Path> modules = walk.filter(p -> p.getFileName().toString().startsWith("council-")
          && Files.isDirectory(p.resolve("src/main/java"))).toList();
      files = new ArrayList<>();
      for (Path module : modules) {
        try (Stream<Path> sources = Files.walk(module.resolve("src/main/java"))) {
          sources.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        }
      }
    }
    Map<Path, String> texts = new LinkedHashMap<>();
    Map<String, String> global = new HashMap<>();
    Set<String> ambiguous = new TreeSet<>();
    for (Path f : files) {
      String text = withoutComments(Files.readString(f));
      texts.put(f, text);
      String type = f.getFileName().toString().replaceFirst("\\.java$", "");
      declarations(text, Map.of()).forEach((name, value) -> {
        String old = global.putIfAbsent(QUALIFIED + type + "." + name, value);
        if (old != null && !old.equals(value)) {
          ambiguous.add(QUALIFIED + type + "." + name);
        }
      });
    }
    ambiguous.forEach(global::remove);
    Map<String, Set<String>> keys = new TreeMap<>();
    for (Map.Entry<Path, String> e : texts.entrySet()) {
      if (NOT_CONFIGURATION.stream().anyMatch(e.getKey()::endsWith)) {
        continue;
      }
      String module = root.relativize(e.getKey()).getName(0).toString();
      String text = e.getValue();
      Map<String, String> local = declarations(text, global);
      Set<String> found = new TreeSet<>();
      Matcher m = CONCAT.matcher(text);
      while (m.find()) {
        String key = evaluate(m.group(), local);
        if (key != null) {
          found.add(key);
        }
      }
      if (module.equals("council-providers")) {
        Matcher k = PROVIDER_KEY.matcher(text);
        while (k.find()) {
          found.add("council.providers." + PLACEHOLDER + "." + k.group(1));
        }
      }
      for (String key : found) {
        if (NOT_KEYS.containsKey(key) || module.equals("council-bench") && !key.startsWith("council.bench.")) {
          continue; // the bench sets keys for the engines it measures; only its own council.bench.* it reads
        }
        keys.computeIfAbsent(key, x -> new TreeSet<>()).add(module);
      }
    }
    return keys;
  }

  /**
   * The source without its comments; string literals and text blocks are kept whole, so a {@code /*} or
   * {@code //} inside one (a glob such as {@code "classpath*:councils/*.json"}, a URL) hides nothing after it.
   */
  static String withoutComments(String source) {
    return COMMENT_OR_LITERAL.matcher(source).replaceAll(m -> m.group(1) != null
        ? Matcher.quoteReplacement(m.group(1)) : " ");
  }

  /** The string variables of {@code text} whose value starts with {@code council.}. */
  private static Map<String, String> declarations(String text, Map<String, String> known) {
    Map<String, String> out = new HashMap<>(known);
    Matcher m = STRING_DECL.matcher(text);
    while (m.find()) {
      String value = concat(m.group(2), out);
      if (value != null && value.startsWith("council.")) {
        out.put(m.group(1), value);
      }
    }
    return out;
  }

  /**
   * A variable's value: a simple name from the file's own declarations, a qualified one ({@code
   * HazelcastSettings.PREFIX}) from the declarations of the file of that type; null when unknown.
   */
  private static String resolve(String name, Map<String, String> vars) {
    String[] parts = name.split("\\.");
    if (parts.length == 1) {
      return vars.get(name);
    }
    return vars.get(QUALIFIED + parts[parts.length - 2] + "." + parts[parts.length - 1]);
  }

  /** The whole value of a concatenation, unknown variables as placeholders; null unless it starts with a key. */
  private static String concat(String expression, Map<String, String> vars) {
    StringBuilder sb = new StringBuilder();
    Matcher t = TOKEN.matcher(expression);
    while (t.find()) {
      if (t.group(1) != null) {
        sb.append(t.group(1));
      } else {
        String name = t.group(2);
        String value = resolve(name, vars);
        if (value == null && sb.isEmpty()) {
          return null;
        }
        sb.append(value == null ? PLACEHOLDER : value);
      }
    }
    return sb.toString();
  }

  /**
   * The key a concatenation spells: its longest leading part that is shaped like a key, when that part ends
   * neither with a dot (a prefix) nor with a placeholder (a key built elsewhere).
   */
  private static String evaluate(String expression, Map<String, String> vars) {
    StringBuilder sb = new StringBuilder();
    String last = null;
    Matcher t = TOKEN.matcher(expression);
    boolean first = true;
    while (t.find()) {
      String piece;
      if (t.group(1) != null) {
        piece = t.group(1);
      } else {
        String name = t.group(2);
        String value = resolve(name, vars);
        if (value == null && first) {
          return null;
        }
        piece = value == null ? PLACEHOLDER : value;
      }
      first = false;
      sb.append(piece);
      if (!KEY_SHAPE.matcher(sb).matches()) {
        break;
      }
      last = sb.toString();
    }
    if (last == null || last.endsWith(".") || last.endsWith(PLACEHOLDER) || !last.startsWith("council.")
        || last.length() <= "council.".length()) {
      return null;
    }
    return last;
  }

  @Test
  void theScannerFindsKeysSpelledEachWayTheCodeSpellsThem() throws IOException {
    Map<String, Set<String>> keys = keysInSources(Cli.examples().getParent());

    assertThat(keys).containsKeys("council.mode", "council.hazelcast.cluster-name", "council.providers.<id>.type",
        "council.providers.<id>.base-url", "council.providers.<id>.latency", "council.recorder.jdbi.batch-size");
    assertThat(keys.get("council.mode")).contains("council-engine", "council-cli");
    assertThat(keys).doesNotContainKeys("council.properties", "council.providers", "council.recorder.");
    assertThat(Arrays.asList(keys.keySet().toArray(String[]::new))).allSatisfy(k -> assertThat(k).matches(KEY_SHAPE));
  }

  @Test
  void commentsAreDroppedButNotWhatStringsThatLookLikeCommentsHide() {
    String source = """
        String glob = "classpath*:councils/*.json"; /* a comment naming "council.not.a.key" */
        String key = "council.after.glob"; // "council.in.line.comment"
        String url = "http://localhost"; char c = '"'; String more = "council.after.char";
        """;

    String code = withoutComments(source);

    assertThat(code).contains("\"classpath*:councils/*.json\"", "\"council.after.glob\"", "\"http://localhost\"",
        "\"council.after.char\"").doesNotContain("council.not.a.key", "council.in.line.comment");
  }
}

package dev.council.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.ValidationError;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.json.Councils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Builds councils, options and JSON documents from fixed seeds with hostile values — extreme and
 * non-finite numbers, extreme durations, inline and named sub-council cycles, deep nesting, large sizes,
 * wrong option types, empty and unicode strings — and holds the engine to its contract: validation
 * reports problems (never throws), {@code start} refuses what validation refuses with the same errors,
 * every error has a path, a code and a message, and a valid council runs to an end on the offline
 * simulated provider within a bounded wait, failing (if at all) with errors the engine describes rather
 * than escaped exceptions. No StackOverflowError, OutOfMemoryError or ArithmeticException escapes. A
 * failure names its seed; the seeds are fixed, so every run checks the same inputs.
 */
class HostileCouncilGeneratorTest {
  private static final int SEEDS = 120;
  private static final Duration AWAIT = Duration.ofSeconds(20);
  private static final Set<RunStatus> ENDS = Set.of(RunStatus.COMPLETED, RunStatus.FAILED);
  /** How an exception that escaped into a run's errors reads ("failed unexpectedly: java.lang..."). */
  private static final String ESCAPED = "(?i)unexpected|exception|java\\.lang\\.|overflow";

  private static final List<Object> NUMBERS = List.of(0, 1, -1, 2, 3, Integer.MAX_VALUE, Integer.MIN_VALUE,
      Long.MAX_VALUE, Long.MIN_VALUE, 0.5, -0.0, 1.5, 1e300, -1e300, Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.MIN_VALUE, new java.math.BigInteger("99999999999999999999999"));
  private static final List<Object> ODD_VALUES = List.of("", " ", "☃ ünïcödé 🚀", "NaN", "true", "first", "none",
      "random", "FAIL_FAST", "chair", "a", "30s", "-5s", "99999999999999999999d", true, false, List.of(),
      List.of("a", 1), Map.of(), Map.of("k", "v"));
  private static final List<Duration> DURATIONS = List.of(Duration.ofSeconds(Long.MAX_VALUE),
      Duration.ofSeconds(Long.MIN_VALUE), Duration.ZERO, Duration.ofNanos(1), Duration.ofMillis(1),
      Duration.ofSeconds(-1), Duration.ofSeconds(1), Duration.ofDays(1), Duration.ofDays(1).plusNanos(1),
      Duration.ofDays(365 * 300L));
  private static final List<String> ROUND_TYPES = List.of("independent_analysis", "peer_review",
      "anonymized_peer_review", "critique", "debate", "vote", "ranking", "iterate", "pairwise_elimination",
      "synthesis", "weighted_synthesis", "no_such_round", "");
  /** Round types that need no chair and no registered name. */
  private static final List<String> LEGAL_ROUND_TYPES = List.of("independent_analysis", "peer_review",
      "anonymized_peer_review", "critique", "debate", "vote", "ranking", "iterate");
  /** Round options that are legal on every type above, with extreme but allowed values. */
  private static final List<Map.Entry<String, Object>> LEGAL_OPTIONS = List.of(Map.entry("quorum", 1),
      Map.entry("failureMode", "fail_fast"), Map.entry("failureMode", "CONTINUE"), Map.entry("tieBreak", "random"),
      Map.entry("tieBreak", "none"), Map.entry("seed", Long.MIN_VALUE), Map.entry("excludeSelf", false),
      Map.entry("maxAnswersPerPrompt", Integer.MAX_VALUE), Map.entry("aggregator", "condorcet"),
      Map.entry("aggregator", "weighted_mean"), Map.entry("choices", List.of("☃", "b")));
  private static final List<String> ROUND_OPTIONS = List.of("failureMode", "quorum", "router", "aggregator",
      "tieBreak", "seed", "excludeSelf", "choices", "maxIterations", "until", "judge", "fallback",
      "exposeConfidence", "maxAnswersPerPrompt", "labelToMember");
  private static final List<String> AGGREGATORS = List.of("plurality", "borda", "condorcet", "schulze",
      "median_confidence", "confidence_weighted", "peer_ranking", "weighted_mean", "nope");
  private static final List<String> MEMBER_OPTIONS = List.of("toolTimeout", "toolConcurrency", "maxToolTurns",
      "toolStrategy");
  private static final List<String> NAMED = List.of("leaf", "self", "ping", "pong", "tri-a", "deep", "missing");

  private static CouncilEngine engine;
  /** Whether the council being generated may hold invalid values; else only legal, if extreme, ones. */
  private static boolean hostile;

  @BeforeAll
  static void start() {
    Council leaf = Council.builder("leaf").member(Member.builder("l").provider("simulated").model("sim").build())
        .round(Round.of("independent_analysis")).build();
    engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of()))
        .council("leaf", leaf)
        .council("self", refersTo("self", "self"))
        .council("ping", refersTo("ping", "pong"))
        .council("pong", refersTo("pong", "ping"))
        .council("tri-a", refersTo("tri-a", "tri-b"))
        .council("tri-b", refersTo("tri-b", "tri-c"))
        .council("tri-c", refersTo("tri-c", "tri-a"))
        .council("deep", nest(leaf, 40))
        .build();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static Council refersTo(String id, String ref) {
    return Council.builder(id).member(Member.builder("to-" + ref).subCouncilRef(ref).build())
        .round(Round.of("independent_analysis")).build();
  }

  private static Council nest(Council inner, int levels) {
    Council c = inner;
    for (int i = 0; i < levels; i++) {
      c = Council.builder("n" + i).member(Member.builder("down").subCouncil(c).build())
          .round(Round.of("independent_analysis")).build();
    }
    return c;
  }

  @Test
  void generatedCouncilsValidateCleanlyAndValidOnesRunToAnEnd() {
    int valid = 0;
    int ran = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random rnd = new Random(seed);
      hostile = seed % 3 == 0;
      Council council = guarded(seed, "building", () -> council(rnd, 0));
      List<ValidationError> errors = guarded(seed, "validate", () -> engine.validate(council));
      assertWellFormed(seed, errors);
      if (!errors.isEmpty()) {
        Throwable thrown = null;
        try {
          engine.start(council, Map.of("question", "q"));
        } catch (Throwable t) {
          thrown = t;
        }
        assertThat(thrown).as("seed %d: start of a council that validate refused", seed)
            .isInstanceOfSatisfying(InvalidCouncilException.class, e -> assertThat(e.errors()).isEqualTo(errors));
        continue;
      }
      valid++;
      if (council.members().size() > 20) {
        continue;
      }
      ran++;
      long s = seed;
      Result r = guarded(seed, "run", () -> engine.start(council, Map.of("question", "hostile ☃ " + s)).await(AWAIT));
      assertThat(r.status()).as("seed %d: %s", seed, r.errors()).isIn(ENDS);
      List<CouncilError> failures = new ArrayList<>(r.errors());
      r.rounds().forEach(round -> round.members().forEach(m -> {
        if (m.error() != null) {
          failures.add(m.error());
        }
      }));
      for (CouncilError e : failures) {
        assertThat(e.message()).as("seed %d: an error a valid council's run ends with is one the engine"
            + " describes, not an escaped exception", seed).doesNotContainPattern(ESCAPED);
      }
    }
    assertThat(valid).as("some generated councils are valid").isGreaterThan(SEEDS / 20);
    assertThat(ran).as("some valid councils ran").isGreaterThan(SEEDS / 40);
  }

  @Test
  void generatedJsonIsReadOrRefusedWithCleanErrors() {
    for (long seed = 1; seed <= SEEDS; seed++) {
      Random rnd = new Random(seed);
      String json = json(rnd);
      long s = seed;
      Council c;
      try {
        c = Councils.fromJson(json);
      } catch (InvalidCouncilException e) {
        assertWellFormed(seed, e.errors());
        assertThat(e.errors()).as("seed %d", seed).isNotEmpty();
        continue;
      } catch (Throwable t) {
        fail("seed " + seed + ": reading " + cut(json) + " threw " + t, t);
        return;
      }
      assertWellFormed(seed, guarded(s, "validate", () -> engine.validate(c)));
    }
  }

  @Test
  void deeplyNestedJsonIsRefusedAsMalformedNotByOverflowingTheStack() {
    for (String json : List.of("[".repeat(100_000), "{\"a\":".repeat(100_000),
        "{\"id\": \"x\", \"members\": [" + "{\"id\": \"m\", \"subCouncil\": {\"id\": \"s\", \"members\": [".repeat(5_000))) {
      try {
        Councils.fromJson(json);
        fail("read a truncated document");
      } catch (InvalidCouncilException e) {
        assertThat(e.errors()).extracting(ValidationError::code).containsExactly("malformed_json");
        assertWellFormed(0, e.errors());
      }
    }
    int levels = 150;
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < levels; i++) {
      deep.append("{\"id\": \"c").append(i).append("\", \"rounds\": [{\"type\": \"independent_analysis\"}],"
          + " \"members\": [{\"id\": \"m\", ").append(i < levels - 1 ? "\"subCouncil\": "
              : "\"provider\": \"simulated\", \"model\": \"sim\"");
    }
    deep.append("}]}".repeat(levels));

    Council c = Councils.fromJson(deep.toString());

    assertThat(engine.validate(c)).extracting(ValidationError::code).containsExactly("sub_council_too_deep");
  }

  @Test
  void extremeRunDurationsNeitherOverflowNorFailTheRun() {
    Council c = Council.builder("extreme").member(Member.builder("a").provider("simulated").model("sim").build())
        .round(Round.of("independent_analysis")).build();
    for (Duration d : List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofDays(365 * 300L), Duration.ofDays(1))) {
      RunOptions options = RunOptions.builder().memberTimeout(d).awaitTimeout(d).build();
      Result r = guarded(d.getSeconds(), "run with member timeout and await " + d, () -> {
        RunHandle h = engine.start(c, Map.of("question", "q"), options);
        Result first = h.await(AWAIT);
        return h.await(d) == first ? h.await() : first;
      });
      assertThat(r.status()).as("member timeout and await of %s", d).isEqualTo(RunStatus.COMPLETED);
    }
  }

  // ---------------------------------------------------------------- generators

  private static Council council(Random rnd, int depth) {
    int size = hostile && rnd.nextInt(20) == 0 ? 1_000 + rnd.nextInt(1_000) : 1 + rnd.nextInt(hostile ? 6 : 4);
    Council.Builder b = Council.builder(hostile ? pickString(rnd, "council-" + depth) : "council-" + depth);
    if (rnd.nextInt(4) == 0) {
      b.option("seed", hostile ? pick(rnd, NUMBERS, ODD_VALUES) : rnd.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE);
    }
    for (int i = 0; i < size; i++) {
      b.member(member(rnd, "m" + i, depth, size > 50));
    }
    if (rnd.nextInt(3) == 0) {
      b.chair(member(rnd, "chair", depth, true));
    }
    int rounds = hostile ? rnd.nextInt(4) : 1 + rnd.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      b.round(round(rnd, 0));
    }
    return b.build();
  }

  private static Member member(Random rnd, String defaultId, int depth, boolean plain) {
    Member.Builder m = Member.builder(hostile && rnd.nextInt(12) == 0 ? pickString(rnd, defaultId) : defaultId);
    if (!plain && rnd.nextInt(8) == 0) {
      if (!hostile) {
        return depth < 2 && rnd.nextBoolean() ? m.subCouncil(council(rnd, depth + 1)).build()
            : m.subCouncilRef("leaf").build();
      }
      return switch (rnd.nextInt(3)) {
        case 0 -> m.subCouncilRef(NAMED.get(rnd.nextInt(NAMED.size()))).build();
        case 1 -> m.subCouncil(depth < 3 ? council(rnd, depth + 1) : nest(council(rnd, depth + 1), rnd.nextInt(20)))
            .build();
        default -> m.subCouncil(nest(Council.builder("bottom").member(Member.builder("back")
            .subCouncilRef(NAMED.get(rnd.nextInt(NAMED.size()))).build()).round("debate").build(), rnd.nextInt(4)))
            .build();
      };
    }
    m.provider(hostile && rnd.nextInt(15) == 0 ? pickString(rnd, "nowhere") : "simulated");
    m.model(hostile && rnd.nextInt(15) == 0 ? "" : "sim");
    if (rnd.nextInt(5) == 0) {
      m.temperature(hostile ? number(rnd).doubleValue() : rnd.nextBoolean() ? 0.0 : 2.0);
    }
    if (rnd.nextInt(6) == 0) {
      m.maxTokens(hostile ? number(rnd).intValue() : rnd.nextBoolean() ? 1 : Integer.MAX_VALUE);
    }
    if (rnd.nextInt(6) == 0) {
      m.weight(hostile ? number(rnd).doubleValue() : rnd.nextBoolean() ? 0.0 : Double.MAX_VALUE);
    }
    if (rnd.nextInt(4) == 0) {
      m.timeout(hostile ? DURATIONS.get(rnd.nextInt(DURATIONS.size()))
          : rnd.nextBoolean() ? Duration.ofNanos(1) : Duration.ofDays(1));
    } else {
      m.timeout(Duration.ofSeconds(5));
    }
    if (rnd.nextInt(5) == 0) {
      m.retry(retry(rnd));
    }
    if (hostile && rnd.nextInt(5) == 0) {
      m.option(MEMBER_OPTIONS.get(rnd.nextInt(MEMBER_OPTIONS.size())), pick(rnd, NUMBERS, ODD_VALUES));
    }
    if (rnd.nextInt(10) == 0) {
      m.confidence(dev.council.api.ConfidenceStrategy.SELF_REPORT);
    }
    return m.build();
  }

  private static Number number(Random rnd) {
    return (Number) NUMBERS.get(rnd.nextInt(NUMBERS.size()));
  }

  private static RetryPolicy retry(Random rnd) {
    if (!hostile) {
      return new RetryPolicy(1 + rnd.nextInt(3), Duration.ZERO, rnd.nextBoolean() ? Duration.ZERO : Duration.ofDays(1));
    }
    int attempts = rnd.nextInt(4) == 0 ? Integer.MAX_VALUE : 1 + rnd.nextInt(3);
    Duration base = rnd.nextBoolean() ? Duration.ZERO : notNegative(DURATIONS.get(rnd.nextInt(DURATIONS.size())));
    Duration max = rnd.nextBoolean() ? base : notNegative(DURATIONS.get(rnd.nextInt(DURATIONS.size())));
    return new RetryPolicy(attempts, base, max);
  }

  /** RetryPolicy refuses negative backoffs in its constructor, before validation can see them. */
  private static Duration notNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Round round(Random rnd, int nesting) {
    List<String> types = hostile ? ROUND_TYPES : LEGAL_ROUND_TYPES;
    String type = types.get(rnd.nextInt(types.size()));
    Round.Builder b = Round.builder(type);
    if (hostile && rnd.nextInt(10) == 0) {
      b.name(pickString(rnd, type));
    }
    int options = rnd.nextInt(3);
    for (int i = 0; i < options; i++) {
      if (hostile) {
        String key = ROUND_OPTIONS.get(rnd.nextInt(ROUND_OPTIONS.size()));
        b.option(key, key.equals("aggregator") && rnd.nextBoolean() ? AGGREGATORS.get(rnd.nextInt(AGGREGATORS.size()))
            : pick(rnd, NUMBERS, ODD_VALUES));
      } else {
        Map.Entry<String, Object> legal = LEGAL_OPTIONS.get(rnd.nextInt(LEGAL_OPTIONS.size()));
        b.option(legal.getKey(), legal.getValue());
      }
    }
    if (type.equals("iterate")) {
      if (hostile && rnd.nextInt(4) == 0) {
        b.option("maxIterations", pick(rnd, NUMBERS, ODD_VALUES));
      } else {
        b.option("maxIterations", 1 + rnd.nextInt(2));
      }
      int inner = hostile && rnd.nextInt(8) == 0 ? 2 : 1;
      for (int i = 0; i < inner; i++) {
        b.inner(nesting < 10 && rnd.nextInt(3) == 0 ? Round.builder("iterate").option("maxIterations", 1)
            .inner(round(rnd, nesting + 1)).build() : Round.of(rnd.nextBoolean() ? "critique" : "debate"));
      }
    }
    return b.build();
  }

  private static Object pick(Random rnd, List<?> a, List<?> b) {
    List<?> from = rnd.nextBoolean() ? a : b;
    return from.get(rnd.nextInt(from.size()));
  }

  private static String pickString(Random rnd, String normal) {
    return switch (rnd.nextInt(5)) {
      case 0 -> "";
      case 1 -> " ";
      case 2 -> "☃ ünïcödé 🚀 " + normal;
      case 3 -> "x".repeat(10_000);
      default -> normal;
    };
  }

  /** A council document, sometimes well-formed, sometimes with wrong types, huge numbers or broken syntax. */
  private static String json(Random rnd) {
    Map<String, Object> council = new LinkedHashMap<>();
    council.put("id", rnd.nextInt(8) == 0 ? pick(rnd, NUMBERS, ODD_VALUES) : "json-" + rnd.nextInt(100));
    List<Object> members = new ArrayList<>();
    int size = rnd.nextInt(4);
    for (int i = 0; i < size; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", rnd.nextInt(8) == 0 ? pick(rnd, NUMBERS, ODD_VALUES) : "m" + i);
      m.put("provider", "simulated");
      m.put("model", "sim");
      for (String field : List.of("temperature", "maxTokens", "timeout", "weight", "stream", "retry", "tools",
          "confidence", "options", "subCouncil", "subCouncilRef", "metadata")) {
        if (rnd.nextInt(6) == 0) {
          m.put(field, field.equals("subCouncilRef") ? NAMED.get(rnd.nextInt(NAMED.size()))
              : rnd.nextInt(3) == 0 ? Map.of("maxAttempts", pick(rnd, NUMBERS, ODD_VALUES),
                  "baseBackoff", pick(rnd, NUMBERS, ODD_VALUES)) : pick(rnd, NUMBERS, ODD_VALUES));
        }
      }
      members.add(m);
    }
    council.put("members", rnd.nextInt(10) == 0 ? pick(rnd, NUMBERS, ODD_VALUES) : members);
    Map<String, Object> round = new LinkedHashMap<>();
    round.put("type", ROUND_TYPES.get(rnd.nextInt(ROUND_TYPES.size())));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put(ROUND_OPTIONS.get(rnd.nextInt(ROUND_OPTIONS.size())), pick(rnd, NUMBERS, ODD_VALUES));
    round.put("options", options);
    council.put("rounds", List.of(round));
    if (rnd.nextInt(5) == 0) {
      council.put(pickString(rnd, "unknownField"), 1);
    }
    String text = write(council);
    return switch (rnd.nextInt(8)) {
      case 0 -> text.substring(0, rnd.nextInt(text.length()));
      case 1 -> text.replace("\"sim\"", "1e99999").replace("\"simulated\"", "99999999999999999999999999999");
      case 2 -> text + "}";
      case 3 -> text.replace("\"id\"", "\"\\ud800\"");
      default -> text;
    };
  }

  /** A JSON text for a tree of maps, lists, strings, numbers and booleans; non-finite numbers as huge literals. */
  private static String write(Object v) {
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      m.forEach((k, x) -> sb.append(sb.length() > 1 ? ", " : "").append(write(k)).append(": ").append(write(x)));
      return sb.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      l.forEach(x -> sb.append(sb.length() > 1 ? ", " : "").append(write(x)));
      return sb.append(']').toString();
    }
    if (v instanceof String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (char ch : s.toCharArray()) {
        if (ch == '"' || ch == '\\') {
          sb.append('\\');
        }
        sb.append(ch);
      }
      return sb.append('"').toString();
    }
    if (v instanceof Double d && !Double.isFinite(d)) {
      return d.isNaN() ? "0e0" : d > 0 ? "1e999" : "-1e999";
    }
    return String.valueOf(v);
  }

  // ---------------------------------------------------------------- checks

  private static void assertWellFormed(long seed, List<ValidationError> errors) {
    for (ValidationError e : errors) {
      assertThat(e.path()).as("seed %d: path of %s", seed, e).isNotBlank();
      assertThat(e.code()).as("seed %d: code of %s", seed, e).isNotBlank();
      assertThat(e.message()).as("seed %d: message of %s", seed, e).isNotBlank();
    }
  }

  /** Runs {@code step}, failing with the seed on anything but a documented outcome. */
  private static <T> T guarded(long seed, String step, Supplier<T> action) {
    try {
      return action.get();
    } catch (CouncilException e) {
      return fail("seed " + seed + ": " + step + " threw " + e, e);
    } catch (StackOverflowError | OutOfMemoryError e) {
      return fail("seed " + seed + ": " + step + " threw " + e.getClass().getSimpleName(), e);
    } catch (RuntimeException e) {
      return fail("seed " + seed + ": " + step + " threw " + e, e);
    }
  }

  private static String cut(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}

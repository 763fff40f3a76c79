package dev.council.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The 10,000-run check's harness at a toy size (200 runs, 20 ms): every pass of docs/benchmarks.md §14e
 * runs and is reported — the warm-ups of both shapes, one untimed pass of each at the full latency, three
 * alternating timed passes with their collections, the medians, the heap passes and the verdict. It asserts
 * the report, never the timings.
 */
class ConcurrentRunsTest {
  private static final Pattern TIMED = Pattern.compile(
      "^(engine|floor ) timed (\\d)/3: 200 runs \\(800 member calls\\): all started after \\d+ ms, wall (\\d+) ms"
          + ".*; (\\d+) collections, \\d+ ms$");

  @Test
  void reportsEveryPassOfBothShapesAndTheVerdict() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean met;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      met = ConcurrentRuns.run(new String[] {"200", "20"}, out);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

    assertThat(lines).filteredOn(l -> l.startsWith("engine warm-up: ")).hasSize(6);
    assertThat(lines).filteredOn(l -> l.startsWith("floor  warm-up: ")).hasSize(6);
    assertThat(lines).filteredOn(l -> l.contains("warm-up at the full latency: 200 runs")).hasSize(2);
    List<String> timed = lines.stream().filter(l -> l.matches("^(engine|floor ) timed \\d/3: .*")).toList();
    assertThat(timed).as("engine and floor alternate, three passes each").hasSize(6);
    for (int i = 0; i < timed.size(); i++) {
      Matcher m = TIMED.matcher(timed.get(i));
      assertThat(m.matches()).as("a timed pass's line: %s", timed.get(i)).isTrue();
      assertThat(m.group(1)).isEqualTo(i % 2 == 0 ? "engine" : "floor ");
      assertThat(m.group(2)).isEqualTo(Integer.toString(i / 2 + 1));
      assertThat(Long.parseLong(m.group(3))).as("no run can finish before its two calls").isGreaterThanOrEqualTo(40);
    }
    assertThat(lines).filteredOn(l -> l.contains("median of 3 timed passes")).hasSize(2);
    assertThat(lines).filteredOn(l -> l.contains(" heap: baseline ") && l.contains("with 200 runs in flight"))
        .hasSize(2);
    assertThat(lines.getLast()).isEqualTo("target (median engine wall within 10 % of the critical path): "
        + (met ? "met" : "MISSED"));
  }

  @Test
  void refusesArgumentsOutsideItsRange() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ConcurrentRuns.run(new String[] {"0"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs 0");
    assertThatThrownBy(() -> ConcurrentRuns.run(new String[] {"10", "-5"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency -5 ms");
    assertThatThrownBy(() -> ConcurrentRuns.run(new String[] {"many"}, out))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConcurrentRuns.run(new String[] {"2000000000"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs from 1 to 1000000");
    assertThatThrownBy(() -> ConcurrentRuns.run(new String[] {"10", String.valueOf(Long.MAX_VALUE)}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency from 0 to 600000 ms");
  }
}

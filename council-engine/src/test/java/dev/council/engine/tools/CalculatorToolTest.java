package dev.council.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.spi.ToolContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalculatorToolTest {
  private static final ToolContext CTX = new ToolContext("run-1", "round", "analyst");
  private final CalculatorTool tool = new CalculatorTool();

  @Test
  void evaluatesWithTheUsualPrecedence() {
    assertThat(CalculatorTool.evaluate("2 + 3 * 4")).isEqualTo(14);
    assertThat(CalculatorTool.evaluate("(2 + 3) * 4")).isEqualTo(20);
    assertThat(CalculatorTool.evaluate("10 - 4 - 3")).isEqualTo(3);
    assertThat(CalculatorTool.evaluate("2 ^ 3 ^ 2")).isEqualTo(512);
    assertThat(CalculatorTool.evaluate("-2 ^ 2")).isEqualTo(-4);
    assertThat(CalculatorTool.evaluate("2 ^ -1")).isEqualTo(0.5);
    assertThat(CalculatorTool.evaluate("7 % 4 + 1 / 4")).isEqualTo(3.25);
    assertThat(CalculatorTool.evaluate("0.1 + 0.2")).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void aWholeResultIsAWholeNumberAndTheExpressionIsEchoed() {
    assertThat(tool.execute(Map.of("expression", CalculatorTool.EXAMPLE), CTX))
        .isEqualTo(Map.of("expression", CalculatorTool.EXAMPLE, "result", 20L));
    assertThat(tool.execute(Map.of("expression", "1 / 8"), CTX)).isEqualTo(Map.of("expression", "1 / 8",
        "result", 0.125));
  }

  @Test
  void malformedExpressionsAreRefusedSayingWhere() {
    assertThatThrownBy(() -> tool.execute(Map.of("expression", "2 + * 3"), CTX)).isInstanceOf(CouncilException.class)
        .hasMessage("Tool 'calculator': expected a number at position 5 of \"2 + * 3\", found '*'.")
        .satisfies(e -> assertThat(((CouncilException) e).kind()).isEqualTo(ErrorKind.VALIDATION));
    assertThatThrownBy(() -> tool.execute(Map.of("expression", "(1 + 2"), CTX))
        .hasMessageContaining("missing ')' at position 7");
    assertThatThrownBy(() -> tool.execute(Map.of("expression", "2 x 3"), CTX))
        .hasMessageContaining("unexpected 'x' at position 3");
    assertThatThrownBy(() -> tool.execute(Map.of("expression", "1 / 0"), CTX))
        .hasMessageContaining("no finite value");
    assertThatThrownBy(() -> tool.execute(Map.of(), CTX))
        .hasMessageContaining("argument 'expression' is required");
    assertThatThrownBy(() -> tool.execute(Map.of("expression", "1+".repeat(600) + "1"), CTX))
        .hasMessageContaining("at most 1000");
    assertThatThrownBy(() -> tool.execute(Map.of("expression", "\u0663 + 1"), CTX)).isInstanceOf(CouncilException.class)
        .hasMessageContaining("expected a number at position 1");
    assertThatThrownBy(() -> tool.execute(Map.of("expression", 42), CTX))
        .hasMessageContaining("argument 'expression' is required");
  }

  @Test
  void theDeepestExpressionsOfTheLengthLimitAreEvaluatedOnAVirtualThread() throws Exception {
    String nested = "(".repeat(499) + "7" + ")".repeat(499);
    String signs = "-".repeat(998) + "7";
    String powers = "1" + "^1".repeat(499);
    Map<String, Object> results = new java.util.concurrent.ConcurrentHashMap<>();
    Thread t = Thread.ofVirtual().start(() -> {
      results.put("nested", tool.execute(Map.of("expression", nested), CTX));
      results.put("signs", tool.execute(Map.of("expression", signs), CTX));
      results.put("powers", tool.execute(Map.of("expression", powers), CTX));
    });
    t.join();

    assertThat(results).containsEntry("nested", Map.of("expression", nested, "result", 7L))
        .containsEntry("signs", Map.of("expression", signs, "result", 7L))
        .containsEntry("powers", Map.of("expression", powers, "result", 1L));
  }

  @Test
  void theParameterSchemaOffersItsExample() {
    assertThat(tool.parameters()).containsEntry("required", java.util.List.of("expression"));
    assertThat(tool.parameters().toString()).contains("examples=[" + CalculatorTool.EXAMPLE + "]");
  }
}

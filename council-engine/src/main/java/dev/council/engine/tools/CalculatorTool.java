package dev.council.engine.tools;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.JsonTrees;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@value #NAME}: evaluates an arithmetic expression, so a model need not do sums in its head. A model
 * calls it with {@code {"expression": "(2 + 3) * 4"}} and gets back {@code {"expression": ..., "result":
 * 20}}. Registered on every engine ({@code META-INF/services}); a council uses it by listing it in a
 * member's or the council's {@code tools}.
 *
 * <p>The grammar: numbers (digits with an optional fraction, e.g. {@code 2}, {@code 0.5}), {@code + - * /
 * %} with the usual precedence, {@code ^} (power, right-associative, above unary minus, so {@code -2 ^ 2}
 * is -4) and parentheses, at most {@value #MAX_LENGTH} characters. Arithmetic is IEEE double; a whole
 * result within ±2<sup>53</sup> is returned as a whole number.
 *
 * <p>Stateless and thread-safe; {@link #execute} never blocks.
 */
public final class CalculatorTool implements Tool {
  /** The tool's name. */
  public static final String NAME = "calculator";

  /** The longest expression evaluated. */
  public static final int MAX_LENGTH = 1000;

  /** The example expression in the parameter schema ({@code examples}). */
  public static final String EXAMPLE = "(2 + 3) * 4";

  private static final double WHOLE_LIMIT = 0x1p53;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Evaluates an arithmetic expression with + - * / % ^ and parentheses and returns the result.";
  }

  @Override
  public Map<String, Object> parameters() {
    Map<String, Object> expression = new LinkedHashMap<>();
    expression.put("type", "string");
    expression.put("description", "The expression, e.g. " + EXAMPLE + ".");
    expression.put("examples", List.of(EXAMPLE));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", Map.of("expression", expression));
    schema.put("required", List.of("expression"));
    return JsonTrees.copyTree(schema);
  }

  /**
   * Evaluates the {@code expression} argument.
   *
   * @throws CouncilException of kind {@link ErrorKind#VALIDATION} when the argument is missing, too long or
   *     not an expression of the grammar, or the result is not a finite number; the message says where
   */
  @Override
  public Object execute(Map<String, Object> arguments, ToolContext context) {
    if (!(arguments.get("expression") instanceof String text) || text.isBlank()) {
      throw invalid("argument 'expression' is required and must be a non-empty string, e.g. {\"expression\": \""
          + EXAMPLE + "\"}");
    }
    if (text.length() > MAX_LENGTH) {
      throw invalid("the expression has " + text.length() + " characters; at most " + MAX_LENGTH + " are evaluated");
    }
    double value = evaluate(text);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("expression", text);
    out.put("result", value == Math.rint(value) && Math.abs(value) <= WHOLE_LIMIT ? (Object) (long) value : value);
    return out;
  }

  /**
   * The value of {@code expression}.
   *
   * @throws CouncilException of kind {@link ErrorKind#VALIDATION} as {@link #execute} does
   */
  public static double evaluate(String expression) {
    Parser p = new Parser(expression);
    double value = p.sum();
    p.skipSpaces();
    if (p.pos < expression.length()) {
      throw invalid("unexpected '" + expression.charAt(p.pos) + "' at position " + (p.pos + 1) + " of \""
          + expression + "\"");
    }
    if (!Double.isFinite(value)) {
      throw invalid("\"" + expression + "\" has no finite value (division by zero or overflow)");
    }
    return value;
  }

  private static CouncilException invalid(String message) {
    return new CouncilException(ErrorKind.VALIDATION, "Tool '" + NAME + "': " + message + ".");
  }

  /** Recursive descent over one expression; not thread-safe, one per evaluation. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    double sum() {
      double value = product();
      for (char op = peek(); op == '+' || op == '-'; op = peek()) {
        pos++;
        double right = product();
        value = op == '+' ? value + right : value - right;
      }
      return value;
    }

    double product() {
      double value = unary();
      for (char op = peek(); op == '*' || op == '/' || op == '%'; op = peek()) {
        pos++;
        double right = unary();
        value = op == '*' ? value * right : op == '/' ? value / right : value % right;
      }
      return value;
    }

    double unary() {
      char c = peek();
      if (c == '-' || c == '+') {
        pos++;
        double v = unary();
        return c == '-' ? -v : v;
      }
      return power();
    }

    double power() {
      double base = primary();
      if (peek() == '^') {
        pos++;
        return Math.pow(base, unary());
      }
      return base;
    }

    double primary() {
      if (peek() == '(') {
        pos++;
        double v = sum();
        if (peek() != ')') {
          throw invalid("missing ')' at position " + (pos + 1) + " of \"" + text + "\"");
        }
        pos++;
        return v;
      }
      return number();
    }

    double number() {
      int start = pos;
      while (pos < text.length() && (isAsciiDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      String digits = text.substring(start, pos);
      if (digits.isEmpty() || digits.chars().filter(ch -> ch == '.').count() > 1 || digits.equals(".")) {
        String found = start < text.length() ? "'" + text.charAt(start) + "'" : "the end";
        throw invalid("expected a number at position " + (start + 1) + " of \"" + text + "\", found " + found);
      }
      return Double.parseDouble(digits);
    }

    /** Only 0-9: other Unicode digits (e.g. '٣') are not numbers of the grammar and are refused where they stand. */
    private static boolean isAsciiDigit(char c) {
      return c >= '0' && c <= '9';
    }

    char peek() {
      skipSpaces();
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }
  }
}

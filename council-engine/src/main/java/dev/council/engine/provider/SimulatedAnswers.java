package dev.council.engine.provider;

import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.OutputSchema;
import dev.council.api.provider.ToolDefinition;
import dev.council.engine.json.JsonOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Writes {@link SimulatedProvider}'s answers: role-aware prose, or JSON for an output schema. Stateless. */
final class SimulatedAnswers {
  private static final Pattern YOU_ARE =
      Pattern.compile("(?i)\\byou are ((?:an? |the )?[^.,;:!?\\n]{2,60})");
  private static final Pattern CHAIR = Pattern.compile(
      "(?i)\\b(chair\\w*|synthes\\w*|consolidat\\w*|final answer)\\b");
  private static final Pattern REVIEW = Pattern.compile(
      "(?i)\\b(review\\w*|critiqu\\w*|critic|critics|evaluat\\w*|assess\\w*|peers?|feedback|debat\\w*|revis\\w*"
          + "|rank\\w*|vote|judge\\w*|compare)\\b");
  private static final Pattern QUESTION_LINE = Pattern.compile(
      "(?im)^\\s*(?:#+\\s*)?(?:question|input|task|query|topic|problem)\\s*[:\\-]\\s*(\\S.*)$");
  private static final Pattern LABELLED = Pattern.compile(
      "\\b(Response|Answer|Option|Candidate|Proposal)\\s+([A-Z]|\\d{1,2})\\b");
  private static final Pattern LIST_LINE = Pattern.compile(
      "(?im)^\\s*(?:options|candidates|choices|members)\\s*:\\s*(\\S.*)$");
  private static final Pattern HEADER = Pattern.compile(
      "(?m)^\\s*(?:#{1,6}\\s*([^\\n#]{1,60}?)|\\[([^\\]\\n]{1,60})\\]|\\*\\*([^*\\n]{1,60})\\*\\*"
          + "|-{3,}\\s*([^\\n]{1,60}?)\\s*-{3,})\\s*:?\\s*$");
  private static final Pattern CONFIDENCE_TAIL = Pattern.compile("\\{\\s*\"confidence\"\\s*:");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*");
  private static final Set<String> NOT_OPTIONS = Set.of("question", "input", "task", "query", "answers",
      "responses", "instructions", "context", "your answer", "previous answers", "peer answers", "options");
  private static final Set<String> STOP_WORDS = Set.of("about", "above", "after", "again", "also", "because",
      "been", "before", "being", "between", "both", "could", "does", "doing", "each", "from", "further", "have",
      "having", "here", "into", "just", "more", "most", "only", "other", "over", "same", "should", "some",
      "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those", "through",
      "under", "until", "very", "were", "what", "when", "where", "which", "while", "whom", "will", "with",
      "would", "your", "yours", "answer", "question", "please", "think", "given", "following", "make", "take",
      "shall", "might", "must", "whether", "against");
  private static final Set<String> VERBS = Set.of("adopt", "build", "buy", "choose", "consider", "continue",
      "create", "decide", "drop", "explain", "fix", "get", "give", "hire", "implement", "improve", "invest",
      "keep", "launch", "learn", "make", "migrate", "move", "need", "pick", "prefer", "reduce", "replace",
      "rewrite", "sell", "spend", "start", "stop", "switch", "try", "use", "want", "write", "can", "are",
      "was", "has", "had", "did", "does", "our", "the", "and", "for", "not", "how", "why", "who", "its", "you",
      "any", "all", "one");
  private static final List<String> FILLER_TOPICS = List.of("the cost", "the evidence", "the main risk");

  private static final List<String> ANALYST_OPEN = List.of(
      "As {role}, I read \"{q}\" as a question about {k1}.",
      "Speaking as {role}: the heart of \"{q}\" is {k1}.",
      "From where {role} stands, \"{q}\" turns mainly on {k1}.");
  private static final List<String> ANALYST_BODY = List.of(
      "The strongest argument rests on how {k1} interacts with {k2}; that trade-off decides most of the outcome.",
      "I would weigh {k2} carefully, because modest changes there shift the conclusion about {k1}.",
      "The evidence on {k2} is thinner than it first appears, so I treat it as a risk rather than a given.",
      "Most of the value comes from {k1}, while {k2} mostly adds cost and complexity.");
  private static final List<String> ANALYST_CLOSE = List.of(
      "On balance I lean towards a cautious yes, provided {k3} is checked first.",
      "My recommendation: start small, measure {k3}, and revisit the decision with real data.",
      "Net: the benefits outweigh the costs only if {k3} holds up under scrutiny.",
      "I would not commit yet; {k3} needs a closer look before anyone decides.");
  private static final List<String> REVIEWER_OPEN = List.of(
      "As {role}, I reviewed {peers} on \"{q}\".",
      "Speaking as {role}, here is my critique of {peers}.",
      "Reviewing {peers} as {role}, on \"{q}\":");
  private static final List<String> REVIEWER_BODY = List.of(
      "{a} makes the clearest case about {k1}, while {b} underplays {k2}.",
      "{a} is well argued on {k1} but leaves {k2} unexamined; {b} covers {k2} yet stays vague about {k1}.",
      "{b} raises a fair point on {k2}, but {a} is the more complete and better supported answer.");
  private static final List<String> REVIEWER_CLOSE = List.of(
      "I would rank {a} first and ask every answer to state its assumptions about {k3}.",
      "The main gap across the answers is {k3}; addressing it would change my assessment the most.",
      "Overall {a} is strongest, though all of them should be more concrete about {k3}.");
  private static final List<String> CHAIR_OPEN = List.of(
      "As {role}, here is the council's synthesis on \"{q}\".",
      "Synthesis from {role} on \"{q}\":",
      "As {role}, I bring the council's answers on \"{q}\" together in one synthesis.");
  private static final List<String> CHAIR_BODY = List.of(
      "The members broadly agree that {k1} matters most; they differ on how much weight {k2} deserves.",
      "Drawing on {peers}, the shared view is that {k1} drives the decision and {k2} is the main risk.",
      "There is real disagreement about {k2}, but the arguments around {k1} are the best supported.");
  private static final List<String> CHAIR_CLOSE = List.of(
      "Final answer: proceed deliberately, with {k3} as the condition to monitor.",
      "Final answer: yes, in a limited first step, revisiting once {k3} is measured.",
      "Final answer: not yet; settle {k3} first, then decide.");
  private static final List<String> RATIONALE = List.of(
      "{a} gives the most complete and best supported answer on {k1}.",
      "{a} handles {k1} and {k2} with the fewest unsupported claims.",
      "{a} is the clearest about {k1}, and its reasoning on {k2} holds up.");

  private SimulatedAnswers() {}

  /** The answer to {@code request}: JSON when it has an output schema, else prose. */
  static String answer(ChatRequest request) {
    Reading reading = read(request);
    Random random = new Random(seed(request));
    OutputSchema schema = request.outputSchema();
    if (schema != null) {
      return JsonOutput.write(new JsonAnswer(reading, random).value(schema.schema(), schema.name()));
    }
    String text = prose(reading, random);
    if (reading.wantsConfidence()) {
      text += "\n{\"confidence\": " + confidence(random) + "}";
    }
    return text;
  }

  /** Arguments for a call of {@code tool}: a value of its parameter schema, examples and defaults first. */
  static Map<String, Object> arguments(ChatRequest request, ToolDefinition tool) {
    Object value = new JsonAnswer(read(request), new Random(seed(request) ^ tool.name().hashCode()))
        .value(tool.parameters(), tool.name());
    return value instanceof Map<?, ?> m ? JsonAnswer.tree(m) : Map.of();
  }

  private enum Stance {
    ANALYST,
    REVIEWER,
    CHAIR
  }

  /** What the prompt says about the caller's part, the question and the options on the table. */
  private record Reading(String role, Stance stance, String question, List<String> topics, List<String> options,
      boolean wantsConfidence) {}

  private static Reading read(ChatRequest request) {
    String system = request.systemPrompt() == null ? "" : request.systemPrompt();
    String user = request.lastUserMessage() == null ? "" : request.lastUserMessage();
    String memberId = request.context().memberId();
    List<String> options = options(user);
    String both = system + "\n" + user;
    Stance stance = CHAIR.matcher(both).find() ? Stance.CHAIR
        : REVIEW.matcher(both).find() || !options.isEmpty() ? Stance.REVIEWER : Stance.ANALYST;
    String question = question(user);
    List<String> topics = topics(question.isEmpty() ? user : question);
    return new Reading(role(system, memberId), stance, question.isEmpty() ? "the question" : question, topics,
        options, CONFIDENCE_TAIL.matcher(both).find());
  }

  private static String role(String system, @Nullable String memberId) {
    Matcher m = YOU_ARE.matcher(system);
    if (m.find()) {
      String role = limitWords(m.group(1).strip(), 6);
      String lower = role.toLowerCase(Locale.ROOT);
      boolean hasArticle = lower.startsWith("a ") || lower.startsWith("an ") || lower.startsWith("the ");
      return hasArticle ? role : "the " + role;
    }
    return memberId == null ? "a council member" : "member " + memberId;
  }

  private static String question(String user) {
    Matcher m = QUESTION_LINE.matcher(user);
    String line = "";
    if (m.find()) {
      line = m.group(1);
    } else {
      for (String l : user.split("\\R")) {
        if (!l.isBlank()) {
          line = l;
          break;
        }
      }
    }
    String q = line.replaceAll("[#*\"`]", "").strip();
    if (q.length() <= 120) {
      return q;
    }
    int cut = q.lastIndexOf(' ', 117);
    return q.substring(0, cut > 40 ? cut : 117) + "...";
  }

  /**
   * Up to three topic phrases of {@code text}: runs of at most two content words (no stop words, no common
   * verbs), multi-word and longer phrases first, reported in the order they appear; fillers make up the rest.
   */
  private static List<String> topics(String text) {
    List<String> phrases = new ArrayList<>();
    List<String> run = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      String word = m.group();
      String lower = word.toLowerCase(Locale.ROOT);
      boolean content = lower.length() >= 3 && !STOP_WORDS.contains(lower) && !VERBS.contains(lower)
          && !lower.chars().allMatch(Character::isDigit);
      if (content) {
        run.add(Character.isUpperCase(word.charAt(0)) && m.start() > 0 ? word : lower);
      }
      if (!content || run.size() == 2) {
        addPhrase(phrases, run);
      }
    }
    addPhrase(phrases, run);
    List<String> ranked = new ArrayList<>(new LinkedHashSet<>(phrases));
    ranked.sort((a, b) -> Integer.compare(score(b), score(a)));
    List<String> top = new ArrayList<>(ranked.subList(0, Math.min(3, ranked.size())));
    top.sort((a, b) -> Integer.compare(phrases.indexOf(a), phrases.indexOf(b)));
    for (String filler : FILLER_TOPICS) {
      if (top.size() < 3) {
        top.add(filler);
      }
    }
    return List.copyOf(top);
  }

  private static void addPhrase(List<String> phrases, List<String> run) {
    if (!run.isEmpty()) {
      phrases.add(String.join(" ", run));
      run.clear();
    }
  }

  private static int score(String phrase) {
    return (phrase.indexOf(' ') >= 0 ? 100 : 0) + phrase.length();
  }

  /** Option labels named in the prompt: "Response A" style labels, an "Options:" line, or section headers. */
  private static List<String> options(String user) {
    Set<String> labelled = new LinkedHashSet<>();
    Matcher m = LABELLED.matcher(user);
    while (m.find()) {
      labelled.add(m.group(1) + " " + m.group(2));
    }
    if (!labelled.isEmpty()) {
      return List.copyOf(labelled);
    }
    Set<String> listed = new LinkedHashSet<>();
    Matcher l = LIST_LINE.matcher(user);
    if (l.find()) {
      for (String part : l.group(1).split(",|;|\\bor\\b")) {
        String p = part.replaceAll("[\"'`\\[\\]().]", "").strip();
        if (!p.isEmpty()) {
          listed.add(p);
        }
      }
      return List.copyOf(listed);
    }
    Set<String> headers = new LinkedHashSet<>();
    Matcher h = HEADER.matcher(user);
    while (h.find()) {
      for (int g = 1; g <= h.groupCount(); g++) {
        String text = h.group(g);
        if (text != null && !text.isBlank() && !NOT_OPTIONS.contains(text.strip().toLowerCase(Locale.ROOT))) {
          headers.add(text.strip());
        }
      }
    }
    return List.copyOf(headers);
  }

  private static String prose(Reading r, Random random) {
    List<String> open;
    List<String> body;
    List<String> close;
    switch (r.stance()) {
      case CHAIR -> {
        open = CHAIR_OPEN;
        body = CHAIR_BODY;
        close = CHAIR_CLOSE;
      }
      case REVIEWER -> {
        open = REVIEWER_OPEN;
        body = REVIEWER_BODY;
        close = REVIEWER_CLOSE;
      }
      default -> {
        open = ANALYST_OPEN;
        body = ANALYST_BODY;
        close = ANALYST_CLOSE;
      }
    }
    Map<String, String> slots = slots(r, random);
    return SimulatedProvider.LABEL + " " + fill(pick(open, random), slots) + " " + fill(pick(body, random), slots)
        + " " + fill(pick(close, random), slots);
  }

  private static Map<String, String> slots(Reading r, Random random) {
    Map<String, String> slots = new LinkedHashMap<>();
    slots.put("role", r.role());
    slots.put("q", r.question());
    slots.put("k1", r.topics().get(0));
    slots.put("k2", r.topics().get(1));
    slots.put("k3", r.topics().get(2));
    List<String> options = r.options();
    if (options.isEmpty()) {
      slots.put("peers", "the earlier answers");
      slots.put("a", "The first answer");
      slots.put("b", "the second");
    } else {
      slots.put("peers", joinNatural(options));
      int a = random.nextInt(options.size());
      slots.put("a", options.get(a));
      slots.put("b", options.size() > 1 ? options.get((a + 1) % options.size()) : "the rest");
    }
    return slots;
  }

  private static String fill(String template, Map<String, String> slots) {
    String out = template;
    for (Map.Entry<String, String> e : slots.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return Character.toUpperCase(out.charAt(0)) + out.substring(1);
  }

  private static String joinNatural(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  private static String limitWords(String text, int max) {
    String[] words = text.split("\\s+");
    return words.length <= max ? text : String.join(" ", List.of(words).subList(0, max));
  }

  private static <T> T pick(List<T> items, Random random) {
    return items.get(random.nextInt(items.size()));
  }

  private static double confidence(Random random) {
    return Math.round((0.55 + random.nextDouble() * 0.4) * 100) / 100.0;
  }

  /** A 64-bit FNV-1a hash of what the answer depends on: member, model, messages and schema. */
  private static long seed(ChatRequest request) {
    StringBuilder sb = new StringBuilder();
    sb.append(request.context().memberId()).append('\u0000').append(request.model()).append('\u0000');
    for (ChatMessage m : request.messages()) {
      sb.append(m.role()).append(':').append(m.content()).append('\u0000');
    }
    if (request.outputSchema() != null) {
      sb.append(request.outputSchema().name()).append(request.outputSchema().schema());
    }
    long hash = 0xcbf29ce484222325L;
    for (byte b : sb.toString().getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** Builds a JSON value for a JSON Schema, best effort, remembering the option it chose. */
  private static final class JsonAnswer {
    private final Reading reading;
    private final Random random;
    private @Nullable String chosen;

    JsonAnswer(Reading reading, Random random) {
      this.reading = reading;
      this.random = random;
    }

    @Nullable Object value(Map<String, Object> schema, String name) {
      if (schema.containsKey("const")) {
        return schema.get("const");
      }
      if (schema.get("examples") instanceof List<?> examples && !examples.isEmpty()) {
        return examples.get(0);
      }
      if (schema.containsKey("default")) {
        return schema.get("default");
      }
      if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
        Object v = values.get(random.nextInt(values.size()));
        if (isChoice(name) && v instanceof String s) {
          chosen = s;
        }
        return v;
      }
      for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
        if (schema.get(combinator) instanceof List<?> alternatives && !alternatives.isEmpty()
            && alternatives.get(0) instanceof Map<?, ?> first) {
          return value(tree(first), name);
        }
      }
      return switch (type(schema)) {
        case "object" -> object(schema);
        case "array" -> array(schema, name);
        case "number" -> number(schema, name);
        case "integer" -> integer(schema);
        case "boolean" -> random.nextBoolean();
        case "null" -> null;
        default -> string(schema, name);
      };
    }

    private static String type(Map<String, Object> schema) {
      Object t = schema.get("type");
      if (t instanceof String s) {
        return s;
      }
      if (t instanceof List<?> types) {
        for (Object o : types) {
          if (o instanceof String s && !s.equals("null")) {
            return s;
          }
        }
        return "null";
      }
      if (schema.containsKey("properties")) {
        return "object";
      }
      return schema.containsKey("items") ? "array" : "string";
    }

    private Map<String, Object> object(Map<String, Object> schema) {
      Map<String, Object> out = new LinkedHashMap<>();
      Map<String, Object> properties = schema.get("properties") instanceof Map<?, ?> p ? tree(p) : Map.of();
      List<String> rationaleLast = new ArrayList<>(properties.keySet());
      rationaleLast.sort((x, y) -> Boolean.compare(isRationale(x), isRationale(y)));
      Map<String, Object> generated = new LinkedHashMap<>();
      for (String key : rationaleLast) {
        Map<String, Object> sub = properties.get(key) instanceof Map<?, ?> s ? tree(s) : Map.of();
        generated.put(key, value(sub, key));
      }
      for (String key : properties.keySet()) {
        out.put(key, generated.get(key));
      }
      if (schema.get("required") instanceof List<?> required) {
        for (Object r : required) {
          if (r instanceof String key && !out.containsKey(key)) {
            out.put(key, string(Map.of(), key));
          }
        }
      }
      return out;
    }

    private List<Object> array(Map<String, Object> schema, String name) {
      Map<String, Object> items = schema.get("items") instanceof Map<?, ?> i ? tree(i) : Map.of();
      int min = intKeyword(schema, "minItems", 0);
      int max = intKeyword(schema, "maxItems", Integer.MAX_VALUE);
      List<Object> labels = new ArrayList<>();
      if (items.get("enum") instanceof List<?> values) {
        labels.addAll(values);
      } else if (isOrdering(name) || isChoice(name)) {
        labels.addAll(reading.options());
      }
      List<Object> out = new ArrayList<>();
      if (!labels.isEmpty()) {
        Collections.shuffle(labels, random);
        out.addAll(labels.subList(0, Math.min(labels.size(), max)));
      }
      int target = Math.min(max, Math.max(min, out.isEmpty() ? 2 : 0));
      while (out.size() < target) {
        out.add(value(items, singular(name)));
      }
      return out;
    }

    private double number(Map<String, Object> schema, String name) {
      boolean unit = isConfidence(name);
      double lo = doubleKeyword(schema, "minimum", doubleKeyword(schema, "exclusiveMinimum", 0));
      double hi = doubleKeyword(schema, "maximum", doubleKeyword(schema, "exclusiveMaximum", unit ? 1 : 10));
      if (hi < lo) {
        hi = lo;
      }
      double v = lo + (0.55 + random.nextDouble() * 0.4) * (hi - lo);
      return Math.round(v * 100) / 100.0;
    }

    private long integer(Map<String, Object> schema) {
      long lo = (long) Math.ceil(doubleKeyword(schema, "minimum", 1));
      long hi = (long) Math.floor(doubleKeyword(schema, "maximum", lo + 9));
      return hi <= lo ? lo : lo + (long) random.nextInt((int) Math.min(Integer.MAX_VALUE, hi - lo + 1));
    }

    private String string(Map<String, Object> schema, String name) {
      String s;
      if (isChoice(name)) {
        List<String> options = reading.options();
        s = options.isEmpty() ? "Response A" : options.get(random.nextInt(options.size()));
        chosen = s;
      } else if (isRationale(name)) {
        Map<String, String> slots = slots(reading, random);
        if (chosen != null) {
          slots.put("a", chosen);
        }
        s = SimulatedProvider.LABEL + " " + fill(pick(RATIONALE, random), slots);
      } else if (isLongText(name)) {
        s = prose(reading, random);
      } else {
        s = SimulatedProvider.LABEL + " " + reading.topics().get(random.nextInt(reading.topics().size()));
      }
      int maxLength = intKeyword(schema, "maxLength", Integer.MAX_VALUE);
      int minLength = intKeyword(schema, "minLength", 0);
      if (s.length() > maxLength) {
        s = s.substring(0, maxLength);
      }
      return s.length() < minLength ? s + ".".repeat(minLength - s.length()) : s;
    }

    private static boolean isChoice(String name) {
      return has(name, "choice", "vote", "winner", "pick", "best", "select", "prefer", "option");
    }

    private static boolean isOrdering(String name) {
      return has(name, "order", "rank", "sorted");
    }

    private static boolean isConfidence(String name) {
      return has(name, "confidence", "probability", "certainty", "likelihood");
    }

    private static boolean isRationale(String name) {
      return has(name, "rationale", "reason", "explanation", "justification", "why", "critique", "feedback",
          "comment");
    }

    private static boolean isLongText(String name) {
      return has(name, "answer", "content", "response", "text", "summary", "analysis", "synthesis");
    }

    private static boolean has(String name, String... parts) {
      String n = name.toLowerCase(Locale.ROOT);
      for (String p : parts) {
        if (n.contains(p)) {
          return true;
        }
      }
      return false;
    }

    private static String singular(String name) {
      return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    private static int intKeyword(Map<String, Object> schema, String key, int fallback) {
      return schema.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    private static double doubleKeyword(Map<String, Object> schema, String key, double fallback) {
      return schema.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
  }
}

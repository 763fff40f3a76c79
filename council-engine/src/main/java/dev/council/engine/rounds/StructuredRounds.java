package dev.council.engine.rounds;

import dev.council.engine.internal.support.JsonValues;
import dev.council.api.AggregateResult;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.Ballot;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.engine.internal.ballot.Ballots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What {@code vote} and {@code ranking} share: choices, prompts with answers, schemas, aggregation. */
final class StructuredRounds {
  private StructuredRounds() {}

  /** What a ballot round decides between, and whose answers (if any) the choices stand for. */
  record Choices(List<String> all, Map<String, MemberResult> answers) {
    /** The choices one voter may pick: without its own answer when self-votes are excluded. */
    List<String> forVoter(Member voter, boolean excludeSelf) {
      if (!excludeSelf || !answers.containsKey(voter.id())) {
        return all;
      }
      return all.stream().filter(c -> !c.equals(voter.id())).toList();
    }
  }

  /** How a ballot round asks: the task line, the reply format, the schema and the default aggregator. */
  record Poll(String type, String task, String format, String schemaName,
      java.util.function.Function<List<String>, Map<String, Object>> schema, String defaultAggregator) {}

  /**
   * Checks {@code choices} (an array of strings), {@code excludeSelf} (a boolean) and, when the choices are
   * the latest answers, the round's {@code maxAnswersPerPrompt}.
   */
  static List<ValidationError> validate(Round round, Council council, String path) {
    List<ValidationError> out = new ArrayList<>();
    Object choices = round.options().get("choices");
    if (choices != null && !(choices instanceof List<?>)) {
      out.add(new ValidationError(path + ".options.choices", "invalid_type", "option 'choices' must be an array of"
          + " strings, got " + JsonValues.describe(choices)));
    } else if (choices instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof String s && !s.isBlank())) {
          out.add(new ValidationError(path + ".options.choices[" + i + "]", "invalid_type", "each choice must be a"
              + " non-blank string, got " + JsonValues.describe(list.get(i))));
        }
      }
    }
    RoundOptions.bool(round, "excludeSelf", path, out);
    RoundOptions.bool(round, Reliabilities.OPTION, path, out);
    if (!(choices instanceof List<?> list && !list.isEmpty())) {
      RoundOptions.checkAnswersPerPrompt(round, council, path, false, out);
    }
    return out;
  }

  /** Asks every participant to vote or rank among the choices it may pick, then aggregates. */
  static RoundResult run(RoundContext ctx, Poll how) {
    Choices choices = choices(ctx);
    boolean excludeSelf = ctx.round().optionBoolean("excludeSelf", true);
    List<MemberCall> calls = new ArrayList<>();
    for (Member m : ctx.participants()) {
      List<String> allowed = choices.forVoter(m, excludeSelf);
      calls.add(call(m, prompt(ctx, choices, allowed, how.task(), how.format()), how.schemaName(),
          how.schema().apply(allowed)));
    }
    List<MemberResult> results = ctx.invoke(calls);
    return result(ctx, how.type(), results, aggregate(ctx, ballots(results, ctx), how.defaultAggregator(), Map.of()),
        Map.of());
  }

  /** The round's {@code choices} option, else the ids of the latest answers. */
  static Choices choices(RoundContext ctx) {
    Object opt = ctx.round().options().get("choices");
    if (opt instanceof List<?> list && !list.isEmpty()) {
      return new Choices(list.stream().map(String::valueOf).toList(), Map.of());
    }
    Map<String, MemberResult> answers = Answers.latestById(ctx);
    return new Choices(List.copyOf(answers.keySet()), answers);
  }

  static String prompt(RoundContext ctx, Choices choices, List<String> allowed, String task, String format) {
    StringBuilder sb = Answers.questionBlock(ctx);
    if (!choices.answers().isEmpty()) {
      sb.append("The council's answers:\n");
      for (MemberResult a : choices.answers().values()) {
        if (allowed.contains(a.memberId())) {
          sb.append("\n### ").append(a.memberId()).append('\n').append(a.content()).append('\n');
        }
      }
      sb.append('\n');
    }
    sb.append(task).append("\nChoices: ").append(String.join(", ", allowed)).append('\n')
        .append("Reply with JSON only, in this form: ").append(format);
    return sb.toString();
  }

  /**
   * A vote among {@code allowed}. Every property is required, optional ones may be null, and no others
   * are allowed: the form strict structured-output modes accept.
   */
  static Map<String, Object> voteSchema(List<String> allowed) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("choice", Map.of("type", "string", "enum", allowed));
    props.put("rationale", Map.of("type", List.of("string", "null")));
    props.put("confidence", Map.of("type", List.of("number", "null"), "minimum", 0, "maximum", 1));
    return Map.of("type", "object", "required", List.of("choice", "rationale", "confidence"), "properties", props,
        "additionalProperties", false);
  }

  /**
   * A ranking of {@code allowed}, best first, in the same strict-mode form as {@link #voteSchema}. A
   * repeated name is not refused here (strict modes cannot say "unique"); the aggregators count each
   * name once, at its first place.
   */
  static Map<String, Object> rankingSchema(List<String> allowed) {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("ordering", Map.of("type", "array", "items", Map.of("type", "string", "enum", allowed),
        "minItems", 1, "maxItems", allowed.size()));
    props.put("rationale", Map.of("type", List.of("string", "null")));
    return Map.of("type", "object", "required", List.of("ordering", "rationale"), "properties", props,
        "additionalProperties", false);
  }

  /**
   * Ballots from the successful members' parsed outputs, each weighted by its member's static weight, else
   * (with option {@code reliability: true}) its reliability score, learned or the cold-start prior, else none.
   */
  static List<Ballot> ballots(List<MemberResult> results, RoundContext ctx) {
    List<Ballot> out = new ArrayList<>();
    Map<String, Double> learned = Reliabilities.scores(ctx, results.stream().map(MemberResult::memberId).toList());
    for (MemberResult r : results) {
      if (r.ok() && r.parsed() != null) {
        Double weight = ctx.council().member(r.memberId()).map(m -> m.options().weight())
            .orElse(learned.get(r.memberId()));
        out.add(Ballots.from(r.memberId(), r.parsed(), weight, r.confidence()));
      }
    }
    return out;
  }

  /** Aggregates with the round's {@code aggregator} option (or the default), passing the round's options. */
  static @Nullable AggregateResult aggregate(RoundContext ctx, List<Ballot> ballots, String defaultAggregator,
      Map<String, Object> extraOptions) {
    String name = ctx.round().optionString("aggregator", defaultAggregator);
    Map<String, Object> options = new LinkedHashMap<>(ctx.round().options());
    options.putIfAbsent("seed", ctx.seed());
    options.putAll(extraOptions);
    return ctx.aggregator(name).aggregate(ballots, options);
  }

  static RoundResult result(RoundContext ctx, String type, List<MemberResult> results,
      @Nullable AggregateResult aggregate, Map<String, Object> metadata) {
    return new RoundResult(ctx.round().name(), type, ctx.roundIndex(), ctx.iteration(), results, aggregate, metadata);
  }

  static MemberCall call(Member m, String prompt, String schemaName, Map<String, Object> schema) {
    return call(m, prompt, schemaName, schema, Map.of());
  }

  /** A call whose answer must satisfy {@code schema}, with metadata copied into the member's result. */
  static MemberCall call(Member m, String prompt, String schemaName, Map<String, Object> schema,
      Map<String, Object> metadata) {
    return new MemberCall(m, prompt, new dev.council.api.provider.OutputSchema(schemaName, schema), metadata);
  }
}

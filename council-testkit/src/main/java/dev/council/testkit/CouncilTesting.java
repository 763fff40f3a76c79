package dev.council.testkit;

import dev.council.api.Council;
import dev.council.api.provider.ChatRequest;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Test helpers for applications' council tests: scripted councils that call no model. Pair them with
 * {@link RunEvents} for {@code captureEvents} and {@code assertRoundCompleted}. Stateless; each call
 * returns a new, independent {@link ScriptedCouncil}, so parallel tests never share scripts.
 *
 * <pre>{@code
 * ScriptedCouncil s = CouncilTesting.scriptCouncil(council, Map.of("optimist", "Yes.", "skeptic", "No."));
 * RunEvents events = new RunEvents();
 * try (CouncilEngine engine = CouncilEngine.builder().provider(ScriptedCouncil.PROVIDER_ID, s.provider())
 *     .tracer(events).build()) {
 *   Result r = engine.run(s.council(), Map.of("question", "Ship it?"));
 *   RoundResult first = events.assertRoundCompleted("independent_analysis", r.runId());
 * }
 * }</pre>
 */
public final class CouncilTesting {
  private CouncilTesting() {}

  /** Every model member of {@code council} (sub-councils included) answers {@code answer}. */
  public static ScriptedCouncil scriptCouncil(Council council, String answer) {
    return new ScriptedCouncil(council, ScriptedCouncil.answer(answer));
  }

  /**
   * Each model member answers its entry of {@code answers} (by member id; members of inline sub-councils
   * included). A member without an entry fails with an error saying so.
   */
  public static ScriptedCouncil scriptCouncil(Council council, Map<String, String> answers) {
    return new ScriptedCouncil(council, ScriptedCouncil.answers(answers));
  }

  /**
   * Each model member answers what {@code answerFor} returns for its id (called on every call, from the
   * member's thread; it must be thread-safe). Null means no answer: the call fails saying so.
   */
  public static ScriptedCouncil scriptCouncil(Council council, Function<String, String> answerFor) {
    Objects.requireNonNull(answerFor, "answerFor");
    return new ScriptedCouncil(council, (id, request) -> answerFor.apply(id));
  }

  /**
   * Each model member answers what {@code answerFor} returns for its id and the request it sent — e.g. by
   * round, {@code request.context().round()}, to answer a vote round with a ballot and others with text.
   * Called on every call, from the member's thread; it must be thread-safe. Null means no answer.
   */
  public static ScriptedCouncil scriptCouncil(Council council, BiFunction<String, ChatRequest, String> answerFor) {
    Objects.requireNonNull(answerFor, "answerFor");
    return new ScriptedCouncil(council, answerFor::apply);
  }

  /**
   * As {@link #scriptCouncil(Council, Map)}, and every council of {@code named} (name → council, as the
   * engine registers them) is scripted too, so that members running a council by name ({@code
   * subCouncilRef}) and auto rounds choosing one ({@code fallback}, {@code catalog: registry}) reach scripted
   * members only. Register {@link ScriptedCouncil#namedCouncils()} on the engine builder.
   *
   * @throws IllegalArgumentException naming each reference ({@code subCouncilRef}, an auto round's council
   *     {@code fallback}) to a council that is not in {@code named}
   */
  public static ScriptedCouncil scriptCouncil(Council council, Map<String, Council> named,
      Map<String, String> answers) {
    return new ScriptedCouncil(council, named, ScriptedCouncil.answers(answers));
  }

  /** As {@link #scriptCouncil(Council, Map, Map)}, every model member answering {@code answer}. */
  public static ScriptedCouncil scriptCouncil(Council council, Map<String, Council> named, String answer) {
    return new ScriptedCouncil(council, named, ScriptedCouncil.answer(answer));
  }

  /**
   * As {@link #scriptCouncil(Council, Map, Map)}, each model member answering what {@code answerFor}
   * returns for its id and request (thread-safe; null means no answer).
   */
  public static ScriptedCouncil scriptCouncil(Council council, Map<String, Council> named,
      BiFunction<String, ChatRequest, String> answerFor) {
    Objects.requireNonNull(answerFor, "answerFor");
    return new ScriptedCouncil(council, named, answerFor::apply);
  }
}

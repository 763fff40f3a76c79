package dev.council.bench;

import dev.langchain4j.agentic.Agent;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.UserMessage;
import dev.langchain4j.service.V;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bench council's shape built with LangChain4j's agentic module, the way its documentation builds
 * workflows: {@code members} analyst agents in a {@code parallelBuilder()} workflow, each asking the model the
 * question once under its own system message, whose outputs are collected into one text, then a chair agent
 * in a {@code sequenceBuilder()} workflow that asks the model once with the question and every answer. A run
 * is {@link UntypedAgent#invoke(Map)} with {@code {"question": …}}; it returns the chair's answer.
 *
 * <p>The parallel workflow runs its agents on LangChain4j's default executor (a virtual thread per task on
 * Java 21+), as the engine runs members on virtual threads. Built workflows are immutable and thread-safe
 * (each invocation gets its own agentic scope). Stateless holder; not instantiable.
 */
public final class LangChain4jCouncil {
  /** The scope key holding all member answers, as the chair reads them. */
  public static final String ANSWERS = "answers";

  /** The scope key of the chair's answer, the workflow's result. */
  public static final String ANSWER = "answer";

  private LangChain4jCouncil() {}

  /**
   * A council member: the question as the user message, its system message set on the builder. Public
   * because LangChain4j implements it with a dynamic proxy.
   */
  public interface Analyst {
    /** Returns the model's answer to {@code question}. */
    @UserMessage("{{question}}")
    @Agent(description = "Answers the question independently")
    String analyse(@V("question") String question);
  }

  /** The chair: reads the question and the members' answers and writes the final answer. */
  public interface Chair {
    /** Returns the model's synthesis of {@code answers}. */
    @UserMessage("Question:\n{{question}}\n\nThe council members answered:\n{{answers}}\n"
        + "Write the council's final answer.")
    @Agent(description = "Synthesizes the members' answers")
    String synthesize(@V("question") String question, @V("answers") String answers);
  }

  /**
   * {@code members} analysts in parallel, then the chair, all calling {@code model}.
   *
   * @throws IllegalArgumentException when {@code members} is below 1
   */
  public static UntypedAgent build(int members, ChatModel model) {
    if (members < 1) {
      throw new IllegalArgumentException("members must be at least 1, was " + members);
    }
    List<Object> analysts = new ArrayList<>(members);
    List<String> keys = new ArrayList<>(members);
    for (int i = 0; i < members; i++) {
      String id = "m" + i;
      keys.add(id);
      analysts.add(AgenticServices.agentBuilder(Analyst.class)
          .chatModel(model)
          .name(id)
          .systemMessage("You are analyst " + id + ".")
          .outputKey(id)
          .build());
    }
    UntypedAgent panel = AgenticServices.parallelBuilder()
        .name("panel")
        .subAgents(analysts)
        .outputKey(ANSWERS)
        .output(scope -> {
          StringBuilder sb = new StringBuilder();
          for (String key : keys) {
            sb.append('[').append(key).append("] ").append((String) scope.readState(key)).append('\n');
          }
          return sb.toString();
        })
        .build();
    Chair chair = AgenticServices.agentBuilder(Chair.class)
        .chatModel(model)
        .name("chair")
        .systemMessage("You are analyst chair.")
        .outputKey(ANSWER)
        .build();
    return AgenticServices.sequenceBuilder()
        .name("council")
        .subAgents(panel, chair)
        .outputKey(ANSWER)
        .build();
  }
}

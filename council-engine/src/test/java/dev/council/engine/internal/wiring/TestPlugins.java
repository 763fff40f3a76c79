package dev.council.engine.internal.wiring;

import dev.council.api.AggregateResult;
import dev.council.api.RoundResult;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.Subscription;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import dev.council.engine.local.LocalPubSub;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Small plugins for discovery and wiring tests; public so {@link java.util.ServiceLoader} can create them. */
public final class TestPlugins {
  private TestPlugins() {}

  /** A second pubsub factory named {@code local}, clashing with the built-in one. */
  public static final class ClashingLocalPubSubFactory implements PubSubFactory {
    @Override
    public String name() {
      return "local";
    }

    @Override
    public PubSub create(CouncilConfig config) {
      return new LocalPubSub();
    }
  }

  /** A pubsub factory with a blank name. */
  public static final class BlankNamePubSubFactory implements PubSubFactory {
    @Override
    public String name() {
      return " ";
    }

    @Override
    public PubSub create(CouncilConfig config) {
      return new LocalPubSub();
    }
  }

  /** A pubsub factory named {@code tracking} whose pubsubs count how often they are closed. */
  public static final class TrackingPubSubFactory implements PubSubFactory {
    static final AtomicInteger CLOSED = new AtomicInteger();

    @Override
    public String name() {
      return "tracking";
    }

    @Override
    public PubSub create(CouncilConfig config) {
      return new PubSub() {
        private final LocalPubSub delegate = new LocalPubSub();

        @Override
        public Subscription subscribe(String topic, CouncilListener listener) {
          return delegate.subscribe(topic, listener);
        }

        @Override
        public void publish(String topic, CouncilEvent event) {
          delegate.publish(topic, event);
        }

        @Override
        public void close() {
          CLOSED.incrementAndGet();
          delegate.close();
        }
      };
    }
  }

  /** A recorder factory named {@code broken} whose configuration is always incomplete. */
  public static final class BrokenRecorderFactory implements RecorderFactory {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public Recorder create(CouncilConfig config) {
      throw new ConfigException(List.of("council.broken.url is not set"));
    }
  }

  /** Provider type {@code mock}. */
  public static final class MockTypeFactory extends NamedProviderFactory {
    public MockTypeFactory() {
      super("mock");
    }
  }

  /** Provider type {@code simulated}. */
  public static final class SimulatedTypeFactory extends NamedProviderFactory {
    public SimulatedTypeFactory() {
      super("simulated");
    }
  }

  /** Creates {@link StubProvider}s and counts how many. */
  public static class NamedProviderFactory implements LlmProviderFactory {
    private final String type;
    final AtomicInteger created = new AtomicInteger();

    public NamedProviderFactory(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public LlmProvider create(String providerId, CouncilConfig config) {
      created.incrementAndGet();
      return new StubProvider(providerId, type);
    }
  }

  /** A provider that only knows its id and type, and whether it was closed; never asked to chat. */
  public static final class StubProvider implements LlmProvider {
    final String id;
    final String type;
    final AtomicBoolean closed = new AtomicBoolean();

    public StubProvider(String id, String type) {
      this.id = id;
      this.type = type;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamSink call) {
      throw new UnsupportedOperationException("wiring tests never chat");
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  /** A round type named {@code echo}. */
  public static class EchoRound implements RoundType {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public RoundTraits traits() {
      return new RoundTraits(RoundTraits.InputScope.ORIGINAL, RoundTraits.Sharing.SELF_ONLY, false, true);
    }

    @Override
    public RoundResult execute(RoundContext context) {
      throw new UnsupportedOperationException("wiring tests never run rounds");
    }
  }

  /** An aggregator named {@code first}: the first ballot's choice wins. */
  public static class FirstChoice implements Aggregator {
    @Override
    public String name() {
      return "first";
    }

    @Override
    public AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options) {
      String winner = ballots.isEmpty() ? null : ballots.get(0).choice();
      return new AggregateResult(name(), winner, List.of(), Map.of(), winner == null ? "no_ballots" : null, Map.of());
    }
  }

  /** A tool named {@code upper}: upper-cases its {@code text} argument. */
  public static class UpperTool implements Tool {
    @Override
    public String name() {
      return "upper";
    }

    @Override
    public String description() {
      return "Upper-cases text.";
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of("type", "object");
    }

    @Override
    public Object execute(Map<String, Object> arguments, ToolContext context) {
      return String.valueOf(arguments.get("text")).toUpperCase(Locale.ROOT);
    }
  }
}

package dev.council.engine.internal.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.ReliabilityStoreFactory;
import dev.council.api.spi.RunRegistryFactory;
import dev.council.api.spi.RunTracerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * {@link MissingPlugins}' table of first-party plugin names agrees with what the first-party artifacts
 * register: the CLI's class path holds every plugin artifact of the project (it ships them all), so every
 * factory {@link ServiceLoader} finds there is checked against the table, and every table entry against
 * the factories. A plugin added, renamed or moved without the table following fails here, instead of
 * telling a user to add the wrong dependency.
 */
class MissingPluginsArtifactsTest {
  private static final String GROUP = "dev.council";
  /** Always on the class path with the engine, so never a dependency to add. */
  private static final String ENGINE = GROUP + ":council-engine";

  /** Every plugin factory type, with how it names its plugins. */
  private static final Map<Class<?>, Function<Object, String>> TYPES = Map.of(
      PubSubFactory.class, f -> ((PubSubFactory) f).name(),
      RunRegistryFactory.class, f -> ((RunRegistryFactory) f).name(),
      RecorderFactory.class, f -> ((RecorderFactory) f).name(),
      ReliabilityStoreFactory.class, f -> ((ReliabilityStoreFactory) f).name(),
      RunTracerFactory.class, f -> ((RunTracerFactory) f).name(),
      LlmProviderFactory.class, f -> ((LlmProviderFactory) f).type());

  @Test
  void everyNameAFirstPartyPluginArtifactRegistersNamesThatArtifact() {
    Map<String, String> registered = registeredOutsideTheEngine();

    assertThat(registered).as("plugins registered by first-party artifacts other than the engine")
        .containsKeys("PubSubFactory hazelcast", "RecorderFactory jdbi", "LlmProviderFactory openai");
    Map<String, String> named = new TreeMap<>();
    registered.keySet().forEach(plugin -> {
      String[] typeAndName = plugin.split(" ", 2);
      named.put(plugin, MissingPlugins.artifact(type(typeAndName[0]), typeAndName[1]).orElse("no artifact"));
    });
    assertThat(named).as("the artifact MissingPlugins names for each plugin a first-party artifact registers "
        + "(expected: the artifact that registers it)").isEqualTo(registered);
  }

  @Test
  void everyNameMissingPluginsKnowsIsRegisteredByTheArtifactItNames() {
    Map<String, String> registered = registeredOutsideTheEngine();

    Map<String, String> known = new TreeMap<>();
    TYPES.keySet().forEach(type -> MissingPlugins.firstPartyNames(type).forEach(name -> known.put(
        type.getSimpleName() + " " + name, MissingPlugins.artifact(type, name).orElseThrow())));
    assertThat(known).as("MissingPlugins' first-party names, each with the artifact it names").isNotEmpty();
    Map<String, String> registeredBy = new TreeMap<>();
    known.keySet().forEach(plugin -> registeredBy.put(plugin, registered.getOrDefault(plugin, "no artifact")));
    assertThat(registeredBy).as("the first-party artifact that registers each plugin MissingPlugins knows "
        + "(expected: the artifact MissingPlugins names)").isEqualTo(known);
  }

  /** Every plugin first-party artifacts other than the engine register, as "Type name", with its artifact. */
  private static Map<String, String> registeredOutsideTheEngine() {
    Map<String, String> registered = new TreeMap<>();
    TYPES.forEach((type, nameOf) -> {
      for (ServiceLoader.Provider<?> provider : ServiceLoader.load(type, MissingPluginsArtifactsTest.class
          .getClassLoader()).stream().toList()) {
        artifactOf(provider.type()).filter(a -> !a.equals(ENGINE)).ifPresent(artifact -> {
          String plugin = type.getSimpleName() + " " + nameOf.apply(provider.get());
          String before = registered.put(plugin, artifact);
          assertThat(before).as("another artifact registering %s", plugin).isNull();
        });
      }
    });
    return registered;
  }

  private static Class<?> type(String simpleName) {
    return TYPES.keySet().stream().filter(t -> t.getSimpleName().equals(simpleName)).findFirst().orElseThrow();
  }

  /**
   * The first-party artifact ({@code dev.council:<artifactId>}) whose main classes hold {@code type}: a
   * reactor module's {@code target/classes} folder or its jar; empty for test classes and other jars.
   */
  private static Optional<String> artifactOf(Class<?> type) {
    Path location;
    try {
      location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isDirectory(location)) {
      boolean mainClasses = location.getFileName().toString().equals("classes")
          && location.getParent().getFileName().toString().equals("target");
      return mainClasses ? Optional.of(GROUP + ":" + location.getParent().getParent().getFileName()) : Optional.empty();
    }
    if (location.getFileName().toString().endsWith("-tests.jar")) {
      return Optional.empty();
    }
    try (JarFile jar = new JarFile(location.toFile())) {
      Set<String> artifacts = new TreeSet<>();
      for (JarEntry entry : jar.stream().toList()) {
        if (entry.getName().startsWith("META-INF/maven/" + GROUP + "/") && entry.getName().endsWith("/pom.properties")) {
          Properties pom = new Properties();
          try (InputStream in = jar.getInputStream(entry)) {
            pom.load(in);
          }
          artifacts.add(GROUP + ":" + pom.getProperty("artifactId"));
        }
      }
      assertThat(artifacts).as("first-party artifacts described in %s", location).hasSizeLessThanOrEqualTo(1);
      return artifacts.stream().findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

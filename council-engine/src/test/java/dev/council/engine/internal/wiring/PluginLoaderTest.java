package dev.council.engine.internal.wiring;

import dev.council.engine.internal.builtin.LocalPubSubFactory;
import dev.council.engine.internal.builtin.MemoryRecorderFactory;
import dev.council.engine.internal.builtin.NoopRecorderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.council.api.CouncilException;
import dev.council.api.spi.PubSubFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.api.spi.RunTracerFactory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoaderTest {
  @TempDir
  Path dir;

  @Test
  void engineJarListsItsLocalPlugins() {
    PluginLoader loader = new PluginLoader(PluginLoaderTest.class.getClassLoader());

    assertThat(loader.load(PubSubFactory.class, PubSubFactory::name)).containsKey("local");
    assertThat(loader.load(RecorderFactory.class, RecorderFactory::name)).containsKeys("none", "memory");
    assertThat(loader.load(RunTracerFactory.class, RunTracerFactory::name)).containsKey("logging");
  }

  @Test
  void loadsPluginsByNameSortedByName() {
    PluginLoader loader = new PluginLoader(ServiceFiles.in(dir)
        .with(RecorderFactory.class, NoopRecorderFactory.class, MemoryRecorderFactory.class).loader());

    Map<String, RecorderFactory> found = loader.load(RecorderFactory.class, RecorderFactory::name);

    assertThat(found.keySet()).containsExactly("memory", "none");
    assertThat(found.get("memory")).isInstanceOf(MemoryRecorderFactory.class);
  }

  @Test
  void noPluginsIsAnEmptyMap() {
    PluginLoader loader = new PluginLoader(ServiceFiles.in(dir).loader());

    assertThat(loader.load(PubSubFactory.class, PubSubFactory::name)).isEmpty();
  }

  @Test
  void duplicateNamesAreRejectedNamingBothClasses() {
    PluginLoader loader = new PluginLoader(ServiceFiles.in(dir)
        .with(PubSubFactory.class, LocalPubSubFactory.class, TestPlugins.ClashingLocalPubSubFactory.class).loader());

    assertThatThrownBy(() -> loader.load(PubSubFactory.class, PubSubFactory::name))
        .isInstanceOf(CouncilException.class)
        .hasMessage("two PubSubFactory plugins are named 'local': " + LocalPubSubFactory.class.getName() + " and "
            + TestPlugins.ClashingLocalPubSubFactory.class.getName()
            + ". Remove one of their jars from the class path, or rename one of them.");
  }

  @Test
  void blankNamesAreRejectedNamingTheClass() {
    PluginLoader loader = new PluginLoader(ServiceFiles.in(dir)
        .with(PubSubFactory.class, TestPlugins.BlankNamePubSubFactory.class).loader());

    assertThatThrownBy(() -> loader.load(PubSubFactory.class, PubSubFactory::name))
        .isInstanceOf(CouncilException.class)
        .hasMessage("PubSubFactory " + TestPlugins.BlankNamePubSubFactory.class.getName()
            + " has a blank name; give it a non-blank name, or remove it from"
            + " META-INF/services/dev.council.api.spi.PubSubFactory");
  }

  @Test
  void unloadableClassIsReportedWithTheServicesFile() {
    PluginLoader loader = new PluginLoader(ServiceFiles.in(dir)
        .withName(PubSubFactory.class, "com.example.MissingPubSubFactory").loader());

    assertThatThrownBy(() -> loader.load(PubSubFactory.class, PubSubFactory::name))
        .isInstanceOf(CouncilException.class)
        .hasMessageStartingWith("cannot load PubSubFactory plugins: ")
        .hasMessageContaining("com.example.MissingPubSubFactory")
        .hasMessageEndingWith("Check META-INF/services/dev.council.api.spi.PubSubFactory and that the listed class"
            + " is public with a public no-argument constructor.");
  }

  @Test
  void surveyKeepsGoingPastWhatCannotBeLoadedAndReportsDuplicatesWithWhereTheyCameFrom() {
    PluginLoader loader = new PluginLoader(ServiceFiles.in(dir)
        .with(PubSubFactory.class, LocalPubSubFactory.class)
        .withName(PubSubFactory.class, "com.example.MissingPubSubFactory")
        .with(PubSubFactory.class, TestPlugins.ClashingLocalPubSubFactory.class, TestPlugins.BlankNamePubSubFactory.class)
        .loader());

    PluginLoader.Survey<PubSubFactory> survey = loader.survey(PluginSpi.PUBSUBS);

    assertThat(survey.found()).extracting(PluginLoader.Found::name, PluginLoader.Found::className)
        .containsExactly(tuple("local", LocalPubSubFactory.class.getName()),
            tuple("local", TestPlugins.ClashingLocalPubSubFactory.class.getName()),
            tuple(" ", TestPlugins.BlankNamePubSubFactory.class.getName()));
    assertThat(survey.found()).allSatisfy(f -> assertThat(f.source()).isNotNull());
    assertThat(survey.errors()).singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains("com.example.MissingPubSubFactory"));
    assertThat(survey.duplicates()).containsOnlyKeys("local");
    assertThat(survey.duplicates().get("local")).hasSize(2);
  }

  @Test
  void everySpiTheEngineWiresIsListedOnceWithItsServicesFile() {
    assertThat(PluginSpi.ALL).<Object>extracting(PluginSpi::type).doesNotHaveDuplicates()
        .contains(PubSubFactory.class, RecorderFactory.class, RunTracerFactory.class);
    assertThat(PluginSpi.PROVIDERS.servicesFile()).isEqualTo("META-INF/services/dev.council.api.spi.LlmProviderFactory");
  }
}

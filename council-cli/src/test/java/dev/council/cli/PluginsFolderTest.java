package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.spi.RecorderFactory;
import dev.council.cli.Cli.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party plugin jar, built by the test as its author would, dropped into a plugins folder: listed by
 * {@code council plugins} with its jar, used by {@code council run}, and explained when it clashes with
 * another or cannot be loaded.
 */
class PluginsFolderTest {
  private static final String PARROT = "com.example.parrot.ParrotProviderFactory";

  @TempDir
  Path work;

  private Path plugins;

  @BeforeEach
  void folder() throws IOException {
    plugins = Files.createDirectories(work.resolve("plugins"));
  }

  private Path parrotJar() {
    return PluginJars.in(work)
        .source(PARROT, PluginJars.provider(PARROT, "parrot"))
        .service(LlmProviderFactory.class, PARROT)
        .writeTo(plugins.resolve("parrot.jar"));
  }

  /** Two members and a chair, all on the {@code parrot} provider type no built-in plugin has. */
  private Path parrotCouncil() {
    return Cli.write(work, "parrots.json", """
        { "id": "parrots",
          "members": [ { "id": "a", "provider": "parrot", "model": "p1" }, { "id": "b", "provider": "parrot", "model": "p1" } ],
          "rounds": [ { "type": "independent_analysis" }, { "type": "synthesis" } ],
          "chair": { "id": "chair", "provider": "parrot", "model": "p1" } }
        """);
  }

  @Test
  void pluginsListsTheFoldersProviderWithItsJarNextToTheBuiltInOnes() {
    Path jar = parrotJar();

    Outcome r = Cli.run("plugins", "--plugins", plugins.toString());

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("plugins folder: " + plugins + " (--plugins), 1 jar", "parrot.jar  providers: parrot",
        "providers (LlmProviderFactory)", "recorders (RecorderFactory)", "round types (RoundType)", "no problems");
    assertThat(r.out().lines().filter(l -> l.contains(PARROT)))
        .singleElement().satisfies(l -> assertThat(l).startsWith("  parrot ").endsWith(jar.toString()));
    assertThat(r.out().lines().filter(l -> l.startsWith("  simulated ")))
        .singleElement().satisfies(l -> assertThat(l).contains("class path: "));
    assertThat(r.err()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void pluginsJsonNamesEachPluginsSourceAndTheFolderFromTheEnvironment() {
    Path jar = parrotJar();

    Outcome r = Cli.run(Map.of("COUNCIL_PLUGINS", plugins.toString()), "plugins", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    Map<String, Object> listing = Cli.json(r.out());
    assertThat((Map<String, Object>) listing.get("folder"))
        .containsEntry("path", plugins.toString()).containsEntry("origin", "COUNCIL_PLUGINS");
    assertThat((List<Map<String, Object>>) listing.get("jars")).singleElement().satisfies(j -> assertThat(j)
        .containsEntry("path", jar.toString()).containsEntry("status", "loaded")
        .containsEntry("plugins", List.of("providers: parrot")));
    List<Map<String, Object>> providers =
        (List<Map<String, Object>>) ((Map<String, Object>) listing.get("plugins")).get("providers");
    assertThat(providers).filteredOn(p -> p.get("name").equals("parrot")).singleElement().satisfies(p -> assertThat(p)
        .containsEntry("class", PARROT).containsEntry("source", jar.toString()).containsEntry("fromFolder", true)
        .containsEntry("duplicate", false));
    assertThat(providers).filteredOn(p -> p.get("name").equals("simulated")).singleElement()
        .satisfies(p -> assertThat(p).containsEntry("fromFolder", false));
    assertThat((List<String>) listing.get("problems")).isEmpty();
  }

  @Test
  void runUsesTheProviderOfAJarDroppedInThePluginsFolder() {
    parrotJar();
    Path council = parrotCouncil();

    Outcome without = Cli.run("run", council.toString(), "-q", "Which bird talks?");
    Outcome with = Cli.run("--plugins", plugins.toString(), "run", council.toString(), "-q", "Which bird talks?");
    Outcome fromEnv = Cli.run(Map.of("COUNCIL_PLUGINS", plugins.toString()), "run", council.toString(),
        "-q", "Which bird talks?");

    assertThat(without.code()).as(without.toString()).isEqualTo(2);
    assertThat(without.err()).contains("provider 'parrot' is not configured");
    for (Outcome r : List.of(with, fromEnv)) {
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(r.out()).contains("a OK in", "chair OK in", "COMPLETED: 2 rounds", "FINAL ANSWER",
          "parrot plugin repeats: ").doesNotContain("[simulated]", "offline demo");
      assertThat(r.err()).isEmpty();
    }
  }

  @Test
  void twoPluginsWithOneNameAreExplainedByPluginsAndStopARun() {
    Path first = parrotJar();
    String other = "com.example.copycat.CopycatProviderFactory";
    Path second = PluginJars.in(work)
        .source(other, PluginJars.provider(other, "parrot"))
        .service(LlmProviderFactory.class, other)
        .writeTo(plugins.resolve("copycat.jar"));
    String explained = "two LlmProviderFactory plugins are named 'parrot': " + other + " (" + second + ") and "
        + PARROT + " (" + first + "). Remove one of the jars from the plugins folder " + plugins
        + " (--plugins), or rename one of the plugins.";

    Outcome listing = Cli.run("plugins", "--plugins", plugins.toString());
    Outcome run = Cli.run("--plugins", plugins.toString(), "run", parrotCouncil().toString(), "-q", "Q?");

    assertThat(listing.code()).as(listing.toString()).isEqualTo(2);
    assertThat(listing.out().lines().filter(l -> l.endsWith("DUPLICATE NAME"))).hasSize(2)
        .anySatisfy(l -> assertThat(l).contains(PARROT, first.toString()))
        .anySatisfy(l -> assertThat(l).contains(other, second.toString()));
    assertThat(listing.out()).contains("1 problem:", "- " + explained);
    assertThat(run.code()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: " + explained + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aJarThatCannotBeLoadedIsSkippedAndReportedWhileTheOthersAreUsed() throws IOException {
    parrotJar();
    Path gone = PluginJars.in(work)
        .source("com.example.gone.Marker", "package com.example.gone; public final class Marker {}")
        .service(RecorderFactory.class, "com.example.gone.GoneRecorderFactory")
        .writeTo(plugins.resolve("gone.jar"));
    Path corrupt = Files.writeString(plugins.resolve("corrupt.jar"), "not a zip file");

    Outcome listing = Cli.run("plugins", "--plugins", plugins.toString());
    Outcome run = Cli.run("run", "--plugins", plugins.toString(), parrotCouncil().toString(), "-q", "Q?");

    assertThat(listing.code()).as(listing.toString()).isEqualTo(2);
    assertThat(listing.out()).contains("plugins folder: " + plugins + " (--plugins), 3 jars",
        "  corrupt.jar  SKIPPED: not a readable jar (",
        "  gone.jar  SKIPPED: dev.council.api.spi.RecorderFactory: Provider com.example.gone.GoneRecorderFactory"
            + " not found",
        "  parrot.jar  providers: parrot", "2 problems:",
        "- skipped plugin jar " + corrupt + ": not a readable jar (",
        "- skipped plugin jar " + gone + ": dev.council.api.spi.RecorderFactory: Provider"
            + " com.example.gone.GoneRecorderFactory not found. Its plugins are not available; fix the jar or remove it"
            + " from the plugins folder");
    assertThat(run.code()).as(run.toString()).isZero();
    assertThat(run.out()).contains("parrot plugin repeats: ", "COMPLETED: 2 rounds");
    assertThat(run.err().lines()).containsExactly(
        "warning: skipped plugin jar " + corrupt + ": " + listing.out().lines()
            .filter(l -> l.startsWith("  corrupt.jar  SKIPPED: ")).findFirst().orElseThrow()
            .substring("  corrupt.jar  SKIPPED: ".length())
            + ". Its plugins are not available; fix the jar or remove it from the plugins folder",
        "warning: skipped plugin jar " + gone + ": dev.council.api.spi.RecorderFactory: Provider"
            + " com.example.gone.GoneRecorderFactory not found. Its plugins are not available; fix the jar or remove"
            + " it from the plugins folder");
  }

  @Test
  void aSkippedJarWhosePluginIsNamedInConfigurationStopsTheRunAndIsPointedAt() {
    parrotJar();
    PluginJars.in(work)
        .source("com.example.gone.Marker", "package com.example.gone; public final class Marker {}")
        .service(RecorderFactory.class, "com.example.gone.GoneRecorderFactory")
        .writeTo(plugins.resolve("gone.jar"));
    Path config = Cli.write(work, "council.properties", "council.recorder=gone\n");

    Outcome r = Cli.run("--plugins", plugins.toString(), "run", parrotCouncil().toString(), "-q", "Q?",
        "--config", config.toString());

    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("warning: skipped plugin jar " + plugins.resolve("gone.jar"),
        "error: council.recorder is 'gone' but no RecorderFactory with that name was found. Available: [",
        "note: the plugins folder " + plugins + " has jars that could not be loaded (gone.jar); if the plugin named"
            + " is in one of them, fix the jar or replace it (council plugins shows why)");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void aPluginMayUseALibraryJarDroppedNextToIt() {
    String needy = "com.example.needy.NeedyProviderFactory";
    PluginJars needs = PluginJars.in(work)
        .source("com.example.lib.Greeting", """
            package com.example.lib;
            public final class Greeting { public static String type() { return "needy"; } }
            """)
        .source(needy, PluginJars.provider(needy, "needy").replace("return \"needy\";",
            "return com.example.lib.Greeting.type();"))
        .service(LlmProviderFactory.class, needy);
    needs.onlyPackage("com.example.needy").writeTo(plugins.resolve("needy.jar"));

    Outcome alone = Cli.run("plugins", "--plugins", plugins.toString());
    PluginJars.in(work).source("com.example.lib.Greeting", """
            package com.example.lib;
            public final class Greeting { public static String type() { return "needy"; } }
            """).writeTo(plugins.resolve("lib.jar"));
    Outcome withLib = Cli.run("plugins", "--plugins", plugins.toString());

    assertThat(alone.code()).as(alone.toString()).isEqualTo(2);
    assertThat(alone.out()).contains("  needy.jar  SKIPPED: ", "com/example/lib/Greeting");
    assertThat(withLib.code()).as(withLib.toString()).isZero();
    assertThat(withLib.out()).contains("  lib.jar  no plugins; on the class path of the others",
        "  needy.jar  providers: needy");
  }

  @Test
  void aPluginsMemberCallsSeeTheFolderThroughTheContextClassLoader() {
    String lookup = "com.example.lookup.LookupProviderFactory";
    PluginJars.in(work)
        .source("com.example.lib.Greeting", """
            package com.example.lib;
            public final class Greeting { public static final String TEXT = "found by the context class loader"; }
            """)
        .onlyPackage("com.example.lib").writeTo(plugins.resolve("lib.jar"));
    PluginJars.in(work)
        .source(lookup, PluginJars.provider(lookup, "lookup").replace(
            "String prompt = request.lastUserMessage();",
            "String prompt;\n"
                + "                try {\n"
                + "                  prompt = (String) Class.forName(\"com.example.lib.Greeting\", true,\n"
                + "                      Thread.currentThread().getContextClassLoader()).getField(\"TEXT\").get(null);\n"
                + "                } catch (ReflectiveOperationException e) {\n"
                + "                  prompt = \"not found: \" + e;\n"
                + "                }"))
        .service(LlmProviderFactory.class, lookup)
        .writeTo(plugins.resolve("lookup.jar"));
    Path council = Cli.write(work, "lookup.json", """
        { "id": "lookup", "members": [ { "id": "a", "provider": "lookup", "model": "m" } ],
          "rounds": [ { "type": "independent_analysis" } ] }
        """);
    ClassLoader before = Thread.currentThread().getContextClassLoader();

    Outcome r = Cli.run("--plugins", plugins.toString(), "run", council.toString(), "-q", "Q?", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("lookup plugin repeats: found by the context class loader");
    assertThat(Thread.currentThread().getContextClassLoader()).as("restored after the command").isSameAs(before);
  }

  @Test
  void aMissingPluginsFolderIsAUsageErrorSayingHowToFixIt() {
    Path missing = work.resolve("nowhere");

    Outcome r = Cli.run("plugins", "--plugins", missing.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("error: plugins folder " + missing + " (--plugins) does not exist; create it and"
        + " put plugin jars in it, or point --plugins at the folder that has them" + System.lineSeparator());
  }

  @Test
  void aRecorderFromThePluginsFolderIsNamedInConfigurationAndRecordsTheRun() throws IOException {
    parrotJar();
    String notebook = "com.example.notebook.NotebookRecorderFactory";
    PluginJars.in(work).source(notebook, """
        package com.example.notebook;

        import dev.council.api.config.CouncilConfig;
        import dev.council.api.event.CouncilEvent;
        import dev.council.api.spi.Recorder;
        import dev.council.api.spi.RecorderFactory;
        import dev.council.api.spi.RunOutcome;
        import dev.council.api.spi.RunRecording;
        import java.io.IOException;
        import java.io.UncheckedIOException;
        import java.nio.file.Files;
        import java.nio.file.Path;
        import java.nio.file.StandardOpenOption;

        /** Appends "<seq> <type>" per event and "finished <outcome>" to the file council.notebook.file names. */
        public final class NotebookRecorderFactory implements RecorderFactory {
          @Override
          public String name() {
            return "notebook";
          }

          @Override
          public Recorder create(CouncilConfig config) {
            Path file = Path.of(config.get("council.notebook.file").orElseThrow());
            return run -> new RunRecording() {
              @Override
              public synchronized void onEvent(CouncilEvent event) {
                append(event.seq() + " " + event.type());
              }

              @Override
              public synchronized void finish(RunOutcome outcome) {
                append("finished " + outcome.getClass().getSimpleName());
              }

              private void append(String line) {
                try {
                  Files.writeString(file, line + "\\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            };
          }
        }
        """).service(RecorderFactory.class, notebook).writeTo(plugins.resolve("notebook.jar"));
    Path notes = work.resolve("notes.txt");
    Path config = Cli.write(work, "council.properties", "council.recorder=notebook\ncouncil.notebook.file=" + notes + "\n");

    Outcome listing = Cli.run("plugins", "--plugins", plugins.toString());
    Outcome r = Cli.run("--plugins", plugins.toString(), "run", parrotCouncil().toString(), "-q", "Q?",
        "--config", config.toString());

    assertThat(listing.out()).contains("  notebook.jar  recorders: notebook");
    assertThat(listing.out().lines().filter(l -> l.contains(notebook))).singleElement()
        .satisfies(l -> assertThat(l).startsWith("  notebook ").endsWith(plugins.resolve("notebook.jar").toString()));
    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = Files.readAllLines(notes);
    assertThat(lines.getFirst()).endsWith(" run_started");
    assertThat(lines).contains("finished Completed").anySatisfy(l -> assertThat(l).endsWith(" run_completed"));
  }
}

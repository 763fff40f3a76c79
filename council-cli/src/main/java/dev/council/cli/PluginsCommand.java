package dev.council.cli;

import dev.council.cli.PluginFolder.Entry;
import dev.council.cli.PluginFolder.Jar;
import dev.council.engine.internal.wiring.PluginSpi;
import dev.council.engine.json.JsonOutput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code council plugins}: lists the plugins discovery finds, per kind, with the jar each comes from; the
 * jars of the plugins folder and why any was skipped; and what would stop an engine from starting (two
 * plugins sharing a name). One instance per invocation; reads jars, starts nothing.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Lists the plugins found per kind (providers, recorders, pubsubs, registries, tracers, round types,"
            + " aggregators, tools) and where each comes from: the tool itself, or a jar of the plugins folder.",
        "",
        "The plugins folder is --plugins DIR (before or after the command name), else the COUNCIL_PLUGINS"
            + " variable. Drop a plugin jar (and the jars it needs) there and name the plugin in configuration or"
            + " in a council; no rebuild. A jar that cannot be loaded is skipped and reported here; two plugins of"
            + " one kind with the same name stop every command that runs councils until one is removed."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every jar of the plugins folder loaded and no two plugins of one kind share a name",
        "2:a jar was skipped, two plugins share a name, or the plugins folder cannot be read"})
final class PluginsCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Option(names = "--json",
      description = "Print the listing as JSON: {folder, jars: [{path, status, plugins, problem}],"
          + " plugins: {kind: [{name, class, source, fromFolder, duplicate}]}, problems: [...]}.")
  boolean json;

  PluginsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    PluginFolder folder = ctx.plugins().folder();
    List<Entry> entries = folder.entries();
    List<String> problems = new ArrayList<>(folder.conflicts());
    for (Jar jar : folder.skipped()) {
      problems.add("skipped plugin jar " + jar.path() + ": " + jar.problem()
          + ". Its plugins are not available; fix the jar or remove it from the plugins folder");
    }
    if (json) {
      ctx.out().println(JsonOutput.write(json(folder, entries, problems)));
    } else {
      print(ctx.out(), folder, entries, problems);
    }
    return problems.isEmpty() ? CouncilCli.OK : CouncilCli.USAGE;
  }

  private static Map<String, Object> json(PluginFolder folder, List<Entry> entries, List<String> problems) {
    Map<String, Object> root = new LinkedHashMap<>();
    if (folder.dir() == null) {
      root.put("folder", null);
    } else {
      root.put("folder", Map.of("path", folder.dir().toString(), "origin", folder.origin()));
    }
    List<Map<String, Object>> jars = new ArrayList<>();
    for (Jar jar : folder.jars()) {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("path", jar.path().toString());
      j.put("status", jar.status().name().toLowerCase(Locale.ROOT));
      j.put("plugins", jar.plugins());
      j.put("problem", jar.problem());
      jars.add(j);
    }
    root.put("jars", jars);
    Set<String> duplicated = duplicated(entries);
    Map<String, Object> plugins = new LinkedHashMap<>();
    for (PluginSpi<?> spi : PluginSpi.ALL) {
      List<Map<String, Object>> of = new ArrayList<>();
      for (Entry e : entries) {
        if (e.spi() == spi) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("name", e.name());
          p.put("class", e.className());
          p.put("source", e.source());
          p.put("fromFolder", e.fromFolder());
          p.put("duplicate", duplicated.contains(key(e)));
          of.add(p);
        }
      }
      plugins.put(spi.label(), of);
    }
    root.put("plugins", plugins);
    root.put("problems", problems);
    return root;
  }

  private static void print(PrintStream out, PluginFolder folder, List<Entry> entries, List<String> problems) {
    if (folder.dir() == null) {
      out.println("plugins folder: none (give one with --plugins DIR or COUNCIL_PLUGINS)");
    } else {
      out.println("plugins folder: " + folder.dir() + " (" + folder.origin() + "), " + folder.jars().size()
          + (folder.jars().size() == 1 ? " jar" : " jars"));
      for (Jar jar : folder.jars()) {
        String what = switch (jar.status()) {
          case LOADED -> String.join(", ", jar.plugins());
          case LIBRARY -> "no plugins; on the class path of the others";
          case SKIPPED -> "SKIPPED: " + jar.problem();
        };
        out.println("  " + jar.path().getFileName() + "  " + what);
      }
    }
    Set<String> duplicated = duplicated(entries);
    for (PluginSpi<?> spi : PluginSpi.ALL) {
      List<Entry> of = entries.stream().filter(e -> e.spi() == spi).toList();
      out.println();
      out.println(spi.label() + " (" + spi.type().getSimpleName() + ")" + (of.isEmpty() ? ": none" : ""));
      int nameWidth = Math.max(4, of.stream().mapToInt(e -> e.name().length()).max().orElse(0));
      int classWidth = Math.max(5, of.stream().mapToInt(e -> e.className().length()).max().orElse(0));
      for (Entry e : of) {
        out.println("  " + pad(e.name(), nameWidth) + "  " + pad(e.className(), classWidth) + "  " + e.source()
            + (duplicated.contains(key(e)) ? "  DUPLICATE NAME" : ""));
      }
    }
    out.println();
    if (problems.isEmpty()) {
      out.println("no problems");
    } else {
      out.println(problems.size() + (problems.size() == 1 ? " problem:" : " problems:"));
      problems.forEach(p -> out.println("- " + p));
    }
  }

  private static Set<String> duplicated(List<Entry> entries) {
    Set<String> seen = new TreeSet<>();
    Set<String> twice = new TreeSet<>();
    for (Entry e : entries) {
      if (!seen.add(key(e))) {
        twice.add(key(e));
      }
    }
    return twice;
  }

  private static String key(Entry e) {
    return e.spi().label() + "\u0000" + e.name();
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }
}

package dev.council.cli;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.engine.internal.wiring.PluginLoader;
import dev.council.engine.internal.wiring.PluginLoader.Found;
import dev.council.engine.internal.wiring.PluginLoader.Survey;
import dev.council.engine.internal.wiring.PluginSpi;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The third-party jars of a plugins folder, checked one by one and put on a class loader that plugin
 * discovery ({@link PluginLoader}) then searches after the tool's own class path.
 *
 * <p>Every {@code *.jar} directly in the folder is opened and each plugin its {@code META-INF/services}
 * files list for an engine service interface ({@link PluginSpi#ALL}) is loaded and named, with the other
 * jars of the folder visible (so a plugin may depend on a library jar dropped next to it). A jar that is
 * not readable, or lists a plugin that cannot be loaded (missing class, no public no-argument constructor,
 * a constructor or name that throws, a blank name), is <em>skipped</em>: it is left out of the class loader
 * and reported with the cause, and the other jars are used. This is repeated until no more jars are
 * skipped, in case a jar depended on a skipped one. Jars that list no plugins are kept as libraries.
 *
 * <p>Not thread-safe; one per invocation of the tool. {@link #close()} closes the class loader: call it
 * once no plugin is used any more.
 */
final class PluginFolder implements AutoCloseable {
  /** What a jar of the folder turned out to be. */
  enum Status { LOADED, LIBRARY, SKIPPED }

  /**
   * One jar of the folder.
   *
   * @param path the jar
   * @param status whether it is used, and how
   * @param plugins the plugins it provides, as {@code <label>: <name>} (e.g. {@code providers: echo}); empty
   *     when skipped or a library
   * @param problem why it was skipped, or null
   */
  record Jar(Path path, Status status, List<String> plugins, @Nullable String problem) {
    Jar {
      plugins = List.copyOf(plugins);
    }
  }

  /**
   * One plugin discovery found through the folder's class loader (the tool's own plugins included).
   *
   * @param spi the service interface it implements
   * @param name its name
   * @param className its class
   * @param source where its class was loaded from, for people: a jar of the folder or the tool's class path
   * @param fromFolder whether it came from a jar of the plugins folder
   */
  record Entry(PluginSpi<?> spi, String name, String className, String source, boolean fromFolder) {}

  private final @Nullable Path dir;
  private final String origin;
  private final List<Jar> jars;
  private final ClassLoader loader;
  private final @Nullable URLClassLoader owned;

  private PluginFolder(@Nullable Path dir, String origin, List<Jar> jars, ClassLoader loader,
      @Nullable URLClassLoader owned) {
    this.dir = dir;
    this.origin = origin;
    this.jars = List.copyOf(jars);
    this.loader = loader;
    this.owned = owned;
  }

  /** No plugins folder: discovery sees the tool's class path only. */
  static PluginFolder none(ClassLoader parent) {
    return new PluginFolder(null, "", List.of(), parent, null);
  }

  /**
   * Checks the jars of {@code dir} and builds the class loader over the usable ones.
   *
   * @param origin how the folder was given, for messages (e.g. {@code --plugins})
   * @param parent the tool's class loader
   * @throws CouncilException when {@code dir} is not a readable directory
   */
  static PluginFolder open(Path dir, String origin, ClassLoader parent) {
    if (!Files.isDirectory(dir)) {
      throw new CouncilException(ErrorKind.VALIDATION, "plugins folder " + dir + " (" + origin + ") "
          + (Files.exists(dir) ? "is not a directory" : "does not exist")
          + "; create it and put plugin jars in it, or point " + origin + " at the folder that has them");
    }
    List<Path> all;
    try (Stream<Path> files = Files.list(dir)) {
      all = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
    } catch (IOException e) {
      throw new CouncilException(ErrorKind.VALIDATION, "cannot list plugins folder " + dir + " (" + origin + "): "
          + e.getMessage());
    }
    Map<Path, String> skipped = new LinkedHashMap<>();
    Map<Path, List<PluginSpi<?>>> declares = new LinkedHashMap<>();
    for (Path jar : all) {
      try {
        declares.put(jar, declaredSpis(jar));
      } catch (IOException e) {
        skipped.put(jar, "not a readable jar (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
      }
    }
    Map<Path, List<String>> provided = new LinkedHashMap<>();
    boolean changed = true;
    while (changed) {
      changed = false;
      provided.clear();
      List<Path> usable = declares.keySet().stream().filter(j -> !skipped.containsKey(j)).toList();
      for (Path jar : usable) {
        if (declares.get(jar).isEmpty()) {
          continue;
        }
        List<String> names = new ArrayList<>();
        String problem = check(jar, declares.get(jar), usable, parent, names);
        if (problem != null) {
          skipped.put(jar, problem);
          changed = true;
          break;
        }
        provided.put(jar, names);
      }
    }
    List<Jar> jars = new ArrayList<>();
    List<Path> kept = new ArrayList<>();
    for (Path jar : all) {
      String problem = skipped.get(jar);
      if (problem != null) {
        jars.add(new Jar(jar, Status.SKIPPED, List.of(), problem));
      } else {
        kept.add(jar);
        List<String> names = provided.getOrDefault(jar, List.of());
        jars.add(new Jar(jar, names.isEmpty() ? Status.LIBRARY : Status.LOADED, names, null));
      }
    }
    if (kept.isEmpty()) {
      return new PluginFolder(dir, origin, jars, parent, null);
    }
    URLClassLoader loader = new URLClassLoader("council-plugins", urls(kept), parent);
    return new PluginFolder(dir, origin, jars, loader, loader);
  }

  /** The folder, or null when there is none. */
  @Nullable Path dir() {
    return dir;
  }

  /** How the folder was given ({@code --plugins} or {@code COUNCIL_PLUGINS}); empty when there is none. */
  String origin() {
    return origin;
  }

  /** Every jar of the folder, sorted by file name. */
  List<Jar> jars() {
    return jars;
  }

  /** The jars left out because they could not be loaded. */
  List<Jar> skipped() {
    return jars.stream().filter(j -> j.status() == Status.SKIPPED).toList();
  }

  /** The class loader plugins are discovered with: the usable jars over the tool's class path. */
  ClassLoader loader() {
    return loader;
  }

  /** Every plugin discovery finds for {@code spi}, in discovery order, with the entries that failed to load. */
  <T> Survey<T> survey(PluginSpi<T> spi) {
    return new PluginLoader(loader).survey(spi);
  }

  /** Every plugin found, per service interface in {@link PluginSpi#ALL} order, each sorted by name. */
  List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (PluginSpi<?> spi : PluginSpi.ALL) {
      List<Entry> of = new ArrayList<>();
      for (Found<?> f : survey(spi).found()) {
        of.add(new Entry(spi, f.name(), f.className(), describe(f.source()), isInFolder(f.source())));
      }
      of.sort((a, b) -> a.name().compareTo(b.name()));
      entries.addAll(of);
    }
    return entries;
  }

  /**
   * What stops an engine from being built on this class loader, as sentences: plugins sharing a name
   * (naming their classes and jars) and entries that cannot be loaded. Empty when there is nothing.
   */
  List<String> conflicts() {
    List<String> problems = new ArrayList<>();
    for (PluginSpi<?> spi : PluginSpi.ALL) {
      Survey<?> survey = survey(spi);
      survey.duplicates().forEach((name, found) -> problems.add(duplicate(spi, name, found)));
      for (ServiceConfigurationError e : survey.errors()) {
        problems.add("cannot load " + spi.type().getSimpleName() + " plugins: " + reason(e));
      }
    }
    return problems;
  }

  /** The skipped jars, as one warning line each. */
  List<String> warnings() {
    return skipped().stream().map(j -> "warning: skipped plugin jar " + j.path() + ": " + j.problem()
        + ". Its plugins are not available; fix the jar or remove it from the plugins folder").toList();
  }

  /** Closes the jars of the class loader; never throws (a jar that cannot be closed is left to the JVM). */
  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (IOException e) {
        // nothing to tell the user: the command is over, and the JVM releases the file when it exits
      }
    }
  }

  private String duplicate(PluginSpi<?> spi, String name, List<? extends Found<?>> found) {
    String classes = found.stream().map(f -> f.className() + " (" + describe(f.source()) + ")")
        .collect(Collectors.joining(" and "));
    return "two " + spi.type().getSimpleName() + " plugins are named '" + name + "': " + classes + ". Remove "
        + (found.stream().anyMatch(f -> isInFolder(f.source())) ? "one of the jars from the plugins folder " + dir
            + " (" + origin + ")" : "one of their jars from the class path") + ", or rename one of the plugins.";
  }

  private boolean isInFolder(@Nullable URL source) {
    Path p = path(source);
    return p != null && dir != null && p.getParent() != null && sameFile(p.getParent(), dir);
  }

  private String describe(@Nullable URL source) {
    Path p = path(source);
    if (p == null) {
      return "unknown";
    }
    return isInFolder(source) ? p.toString() : "class path: " + p.getFileName();
  }

  /**
   * Loads each plugin {@code jar} lists (with every usable jar visible), adding {@code <label>: <name>} to
   * {@code names}.
   *
   * @return why the jar cannot be used, or null
   */
  private static @Nullable String check(Path jar, List<PluginSpi<?>> spis, List<Path> usable, ClassLoader parent,
      List<String> names) {
    List<String> problems = new ArrayList<>();
    try (ServicesOf probe = new ServicesOf(urls(usable), parent, jar)) {
      PluginLoader plugins = new PluginLoader(probe);
      for (PluginSpi<?> spi : spis) {
        Survey<?> baseline = new PluginLoader(parent).survey(spi);
        List<String> known = baseline.errors().stream().map(Throwable::getMessage).toList();
        Survey<?> survey = plugins.survey(spi);
        for (ServiceConfigurationError e : survey.errors()) {
          if (!known.contains(e.getMessage())) {
            problems.add(reason(e));
          }
        }
        for (Found<?> f : survey.found()) {
          if (f.plugin().getClass().getClassLoader() != probe) {
            continue;
          }
          if (f.name().isBlank()) {
            problems.add(spi.type().getSimpleName() + " " + f.className() + " has a blank name");
          } else {
            names.add(spi.label() + ": " + f.name());
          }
        }
      }
    } catch (IOException e) {
      problems.add("cannot be closed after checking: " + e.getMessage());
    } catch (LinkageError e) {
      problems.add(e.toString());
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static String reason(ServiceConfigurationError e) {
    Throwable cause = e.getCause();
    return e.getMessage() + (cause == null ? "" : " (" + cause + ")");
  }

  /** The engine service interfaces {@code jar} has a services file for. */
  private static List<PluginSpi<?>> declaredSpis(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      List<PluginSpi<?>> spis = new ArrayList<>();
      for (PluginSpi<?> spi : PluginSpi.ALL) {
        if (file.getJarEntry(spi.servicesFile()) != null) {
          spis.add(spi);
        }
      }
      file.stream().count(); // reads the central directory through: a truncated jar fails here
      return spis;
    }
  }

  private static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException("a file path is not a URL: " + jars.get(i), e);
      }
    }
    return urls;
  }

  /** The local file a class was loaded from (a {@code file:} URL, or the jar of a {@code jar:} URL). */
  private static @Nullable Path path(@Nullable URL url) {
    if (url == null) {
      return null;
    }
    try {
      String s = url.toString();
      if (s.startsWith("jar:")) {
        int bang = s.indexOf("!/");
        s = s.substring(4, bang < 0 ? s.length() : bang);
      }
      URI file = new URI(s);
      return "file".equals(file.getScheme()) ? Path.of(file) : null;
    } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /**
   * A class loader over every usable jar whose own {@code META-INF/services} files are those of one jar
   * only, so that what discovery finds beyond the tool's class path is what that jar lists.
   */
  private static final class ServicesOf extends URLClassLoader {
    private final Path jar;

    ServicesOf(URL[] urls, ClassLoader parent, Path jar) {
      super("council-plugin-check", urls, parent);
      this.jar = jar;
    }

    @Override
    public Enumeration<URL> findResources(String name) throws IOException {
      Enumeration<URL> all = super.findResources(name);
      if (!name.startsWith("META-INF/services/")) {
        return all;
      }
      List<URL> mine = new ArrayList<>();
      while (all.hasMoreElements()) {
        URL url = all.nextElement();
        Path from = path(url);
        if (from != null && sameFile(from, jar)) {
          mine.add(url);
        }
      }
      return Collections.enumeration(mine);
    }
  }
}

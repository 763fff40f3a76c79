package dev.council.cli;

import dev.council.api.spi.LlmProviderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars the way a third party would: Java sources compiled with {@link JavaCompiler} against
 * the council API, {@code META-INF/services} files, packed with {@link JarOutputStream}.
 */
final class PluginJars {
  private final Path work;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private final List<String> only = new ArrayList<>();

  private PluginJars(Path work) {
    this.work = work;
  }

  /** A jar built in {@code work} (a scratch directory, not the plugins folder). */
  static PluginJars in(Path work) {
    return new PluginJars(work);
  }

  /** Adds a class; {@code fqcn} is its fully qualified name. */
  PluginJars source(String fqcn, String code) {
    sources.put(fqcn, code);
    return this;
  }

  /** Lists {@code className} in {@code META-INF/services/<spi>}. */
  PluginJars service(Class<?> spi, String className) {
    services.computeIfAbsent(spi.getName(), k -> new ArrayList<>()).add(className);
    return this;
  }

  /** Packs only the classes of these packages (the others are compiled but left out). */
  PluginJars onlyPackage(String pkg) {
    only.add(pkg.replace('.', '/') + "/");
    return this;
  }

  /** Compiles, then writes the jar to {@code jar}. */
  Path writeTo(Path jar) {
    try {
      Path root = Files.createTempDirectory(work, "plugin");
      Path src = root.resolve("src");
      Path classes = Files.createDirectories(root.resolve("classes"));
      List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", apiClassPath(),
          "--release", "21", "-proc:none"));
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        args.add(file.toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int code = javac.run(null, null, null, args.toArray(String[]::new));
      if (code != 0) {
        throw new IllegalStateException("the plugin sources did not compile (javac exit " + code + ")");
      }
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
          Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = classes.relativize(f).toString().replace('\\', '/');
          if (only.isEmpty() || only.stream().anyMatch(name::startsWith)) {
            put(out, name, Files.readAllBytes(f));
          }
        }
        for (Map.Entry<String, List<String>> e : services.entrySet()) {
          put(out, "META-INF/services/" + e.getKey(),
              (String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    ((OutputStream) out).write(bytes);
    out.closeEntry();
  }

  /** Where the council API classes are (a jar or a classes directory). */
  private static String apiClassPath() {
    try {
      return Path.of(LlmProviderFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A provider factory of type {@code type} whose answers are {@code "<type> plugin repeats: <prompt>"}. */
  static String provider(String fqcn, String type) {
    int dot = fqcn.lastIndexOf('.');
    return """
        package %s;

        import dev.council.api.Usage;
        import dev.council.api.config.CouncilConfig;
        import dev.council.api.provider.ChatRequest;
        import dev.council.api.provider.ChatResponse;
        import dev.council.api.provider.StreamSink;
        import dev.council.api.spi.LlmProvider;
        import dev.council.api.spi.LlmProviderFactory;

        public final class %s implements LlmProviderFactory {
          @Override
          public String type() {
            return "%s";
          }

          @Override
          public LlmProvider create(String providerId, CouncilConfig config) {
            return new LlmProvider() {
              @Override
              public String id() {
                return providerId;
              }

              @Override
              public ChatResponse chat(ChatRequest request, StreamSink sink) {
                String prompt = request.lastUserMessage();
                return ChatResponse.of("%s plugin repeats: " + (prompt == null ? "" : prompt.lines().findFirst().orElse("")),
                    Usage.of(3, 4));
              }
            };
          }
        }
        """.formatted(fqcn.substring(0, dot), fqcn.substring(dot + 1), type, type);
  }
}

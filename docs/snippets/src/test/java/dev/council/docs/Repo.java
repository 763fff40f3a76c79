package dev.council.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The repository's root and its user-facing Markdown files, as the doc checks read them. */
final class Repo {
  private Repo() {}

  /** The repository root: the directory holding {@code mvnw} and {@code docs/}, above this module. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root (a directory with mvnw and docs/) above " + dir);
  }

  /** README.md and every docs/*.md: the files whose Java snippets must compile. */
  static List<Path> snippetDocs() {
    Path root = root();
    List<Path> docs = new ArrayList<>();
    docs.add(root.resolve("README.md"));
    try (Stream<Path> s = Files.list(root.resolve("docs"))) {
      s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** Every Markdown file a user reads: the snippet docs plus the samples' and modules' READMEs. */
  static List<Path> userDocs() {
    Path root = root();
    List<Path> docs = new ArrayList<>(snippetDocs());
    try (Stream<Path> s = Files.walk(root, 3)) {
      s.filter(p -> p.getFileName().toString().equals("README.md"))
          .filter(p -> !p.equals(root.resolve("README.md")))
          .filter(p -> !root.relativize(p).toString().contains("target"))
          .filter(p -> !root.relativize(p).startsWith(".git"))
          .sorted()
          .forEach(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

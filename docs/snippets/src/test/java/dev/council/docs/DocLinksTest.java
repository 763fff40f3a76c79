package dev.council.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation points only at what a user of the repository has: every relative Markdown link resolves
 * to a file or directory of the repository, and no doc or javadoc refers to design notes kept elsewhere.
 */
class DocLinksTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern OUTSIDE = Pattern.compile(
      "DESIGN\\.md|STYLE\\.md|BUILD\\.md|DESIGN §|\\.\\./shared|/work/shared|design document");

  @Test
  void relativeLinksResolveInsideTheRepository() {
    Path root = Repo.root();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path doc : Repo.userDocs()) {
      List<String> lines = Repo.read(doc).lines().toList();
      boolean fenced = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.strip().startsWith("```")) {
          fenced = !fenced;
          continue;
        }
        if (fenced) {
          continue;
        }
        Matcher m = LINK.matcher(line);
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) {
            continue;                                   // http:, https:, mailto:, or an anchor in the page
          }
          checked++;
          String path = URLDecoder.decode(target.replaceFirst("#.*$", ""), StandardCharsets.UTF_8);
          Path resolved = doc.getParent().resolve(path).normalize();
          String where = root.relativize(doc) + ":" + (i + 1);
          if (!resolved.startsWith(root)) {
            problems.add(where + ": " + target + " points outside the repository");
          } else if (!Files.exists(resolved)) {
            problems.add(where + ": " + target + " does not exist (" + root.relativize(resolved) + ")");
          } else if (target.contains("#") && resolved.toString().endsWith(".md")) {
            String anchor = target.substring(target.indexOf('#') + 1);
            if (!anchors(resolved).contains(anchor)) {
              problems.add(where + ": " + target + ": " + root.relativize(resolved) + " has no heading with the"
                  + " anchor #" + anchor);
            }
          }
        }
      }
    }
    assertThat(checked).as("relative links found").isGreaterThan(20);
    assertThat(problems).as("links to files the repository does not have").isEmpty();
  }

  @Test
  void anchorsWithinAPageNameOneOfItsHeadings() {
    List<String> problems = new ArrayList<>();
    for (Path doc : Repo.userDocs()) {
      Set<String> own = anchors(doc);
      Matcher m = Pattern.compile("\\]\\(#([^)\\s]+)\\)").matcher(Repo.read(doc));
      while (m.find()) {
        if (!own.contains(m.group(1))) {
          problems.add(Repo.root().relativize(doc) + ": #" + m.group(1) + " names no heading of the page");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** The anchors GitHub gives the headings of a Markdown file (lower case, punctuation dropped, spaces as -). */
  static Set<String> anchors(Path md) {
    Set<String> out = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Repo.read(md).lines().toList()) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      }
      if (fenced || !line.startsWith("#")) {
        continue;
      }
      String text = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
      String slug = text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      out.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return out;
  }

  @Test
  void noDocOrJavadocRefersToDesignNotesOutsideTheRepository() throws IOException {
    Path root = Repo.root();
    List<Path> files = new ArrayList<>(Repo.userDocs());
    files.add(root.resolve("CHANGELOG.md"));
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> root.relativize(p).toString().replace('\\', '/').contains("/src/main/java/"))
          .filter(p -> !root.relativize(p).startsWith(".git"))
          .forEach(files::add);
    }
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Repo.read(file).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = OUTSIDE.matcher(lines.get(i));
        if (m.find()) {
          problems.add(root.relativize(file) + ":" + (i + 1) + ": mentions '" + m.group()
              + "', which users do not have; state what it says instead");
        }
      }
    }
    assertThat(problems).isEmpty();
  }
}

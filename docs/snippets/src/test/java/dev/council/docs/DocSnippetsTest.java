package dev.council.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of README.md and docs/*.md is followed by a line {@code Full file: [...](path)}
 * naming a Java file of this repository that is compiled by the build, and the block's lines appear in that
 * file in the same order, one after another (indentation and blank lines aside). So a snippet cannot drift
 * from code that compiles.
 */
class DocSnippetsTest {
  private static final Pattern FULL_FILE = Pattern.compile("^Full file: \\[[^]]+]\\(([^)#]+\\.java)\\)");

  record Snippet(Path doc, int line, List<String> code, String link) {
    String where() {
      return Repo.root().relativize(doc) + ":" + line;
    }
  }

  static List<Snippet> snippets(Path doc) {
    List<String> lines = Repo.read(doc).lines().toList();
    List<Snippet> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) {
        continue;
      }
      int start = i;
      List<String> code = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
        code.add(lines.get(i));
      }
      int next = i + 1;
      while (next < lines.size() && lines.get(next).isBlank()) {
        next++;
      }
      String link = next < lines.size() ? lines.get(next).strip() : "";
      out.add(new Snippet(doc, start + 1, code, link));
    }
    return out;
  }

  static List<String> normalized(List<String> lines) {
    return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  @Test
  void everyJavaSnippetIsContainedInACompiledFile() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path doc : Repo.snippetDocs()) {
      for (Snippet s : snippets(doc)) {
        checked++;
        Matcher m = FULL_FILE.matcher(s.link());
        if (!m.find()) {
          problems.add(s.where() + ": the ```java block is not followed by a line 'Full file: [Name.java](path)'"
              + " linking the compiled file that contains it (put the code in docs/snippets/src/test/java/dev/"
              + "council/docs/ or link an existing test file)");
          continue;
        }
        Path file = doc.getParent().resolve(m.group(1)).normalize();
        if (!Files.isRegularFile(file)) {
          problems.add(s.where() + ": 'Full file' links " + m.group(1) + ", which does not exist");
          continue;
        }
        String rel = Repo.root().relativize(file).toString().replace('\\', '/');
        if (!rel.matches("[^/]+(/[^/]+)*/src/(main|test)/java/.+\\.java")) {
          problems.add(s.where() + ": 'Full file' links " + rel + ", which is not a compiled source file");
          continue;
        }
        List<String> want = normalized(s.code());
        List<String> have = normalized(Repo.read(file).lines().toList());
        if (want.isEmpty() || java.util.Collections.indexOfSubList(have, want) < 0) {
          problems.add(s.where() + ": the block's lines do not appear, in order and one after another, in " + rel
              + " (first line: " + (want.isEmpty() ? "<empty>" : want.get(0)) + ")");
        }
      }
    }
    assertThat(checked).as("java snippets found").isGreaterThanOrEqualTo(20);
    assertThat(problems).as("snippets that drifted from compiled code").isEmpty();
  }

  @Test
  void theReadmeSnippetShowsItsImports() {
    List<Snippet> readme = snippets(Repo.root().resolve("README.md"));
    assertThat(readme).isNotEmpty();
    assertThat(normalized(readme.get(0).code()))
        .contains("import dev.council.engine.RunHandle;", "import dev.council.engine.RunOptions;",
            "import dev.council.engine.CouncilEngine;", "import dev.council.api.Council;");
  }
}

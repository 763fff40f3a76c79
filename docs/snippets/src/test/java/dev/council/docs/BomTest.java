package dev.council.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * council-bom manages every module a user may depend on: each module of the reactor that is published
 * (group {@code dev.council}, not a pom, not skipped by {@code maven.deploy.skip}), and nothing else.
 */
class BomTest {

  @Test
  void theBomListsEveryPublishedModule() throws Exception {
    Path root = Repo.root();
    Document parent = parse(root.resolve("pom.xml"));
    Set<String> published = new TreeSet<>();
    for (String module : texts(child(parent.getDocumentElement(), "modules"), "module")) {
      Element pom = parse(root.resolve(module).resolve("pom.xml")).getDocumentElement();
      String groupId = text(pom, "groupId");
      if (groupId == null) {
        groupId = text(child(pom, "parent"), "groupId");
      }
      String packaging = text(pom, "packaging");
      Element properties = child(pom, "properties");
      boolean skipped = properties != null && "true".equals(text(properties, "maven.deploy.skip"));
      if ("dev.council".equals(groupId) && !"pom".equals(packaging) && !skipped) {
        published.add(text(pom, "artifactId"));
      }
    }
    Element bom = parse(root.resolve("council-bom/pom.xml")).getDocumentElement();
    Set<String> managed = new TreeSet<>();
    for (Element dependency : elements(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
      assertThat(text(dependency, "groupId")).isEqualTo("dev.council");
      assertThat(text(dependency, "version")).isEqualTo("${project.version}");
      managed.add(text(dependency, "artifactId"));
    }
    assertThat(published).contains("council-api", "council-engine", "council-bench", "council-cli");
    assertThat(managed).as("council-bom's managed artifacts (the published modules: %s)", published)
        .containsExactlyInAnyOrderElementsOf(published);
  }

  private static Document parse(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(pom.toFile());
  }

  private static Element child(Element parent, String name) {
    if (parent == null) {
      return null;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? null : e.getTextContent().strip();
  }

  private static List<Element> elements(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && e.getTagName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  private static List<String> texts(Element parent, String name) {
    return elements(parent, name).stream().map(e -> e.getTextContent().strip()).toList();
  }
}

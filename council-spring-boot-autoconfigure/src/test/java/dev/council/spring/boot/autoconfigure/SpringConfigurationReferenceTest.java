package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.config.CouncilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the {@code council.spring.*} rows of {@code docs/configuration.md} true to the IDE metadata the
 * build generates from {@link CouncilProperties}: every property is a row with its environment form, its
 * default and this module, and every {@code council.spring.*} row is a property. (No source spells these
 * keys: Spring binds them by the names of the record components, so council-cli's scan of the sources
 * cannot check them.)
 */
class SpringConfigurationReferenceTest {
  private static final String MODULE = "council-spring-boot-autoconfigure";
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`(council\\.[^`]+)`\\s*\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|([^|]*)\\|\\s*$");

  private record Row(String env, String defaultValue, String modules) {}

  @Test
  void everyCouncilSpringPropertyIsARowWithItsEnvFormDefaultAndModule() throws Exception {
    Map<String, Map<String, Object>> metadata = ConfigurationMetadataTest.metadataProperties();
    Map<String, Row> rows = rows(ConfigurationMetadataTest.docs().resolve("configuration.md"));
    List<String> properties = metadata.keySet().stream().filter(k -> k.startsWith("council.spring.")).toList();
    assertThat(properties).as("council.spring.* properties in the metadata").hasSizeGreaterThanOrEqualTo(8);

    for (String key : properties) {
      assertThat(rows).as("docs/configuration.md has a row for %s", key).containsKey(key);
      Row row = rows.get(key);
      assertThat(row.env()).as("env form of %s", key).isEqualTo("`" + CouncilConfig.envName(key) + "`");
      assertThat(row.defaultValue()).as("default of %s", key)
          .isEqualTo("`" + metadata.get(key).get("defaultValue") + "`");
      assertThat(row.modules()).as("modules of %s", key).contains("`" + MODULE + "`");
    }
    assertThat(rows.keySet().stream().filter(k -> k.startsWith("council.spring.")))
        .as("council.spring.* rows of docs/configuration.md for properties that do not exist")
        .allSatisfy(k -> assertThat(properties).contains(k));
  }

  private static Map<String, Row> rows(Path doc) throws java.io.IOException {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(doc)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.put(m.group(1), new Row(m.group(2).strip(), m.group(3).strip(), m.group(5).strip()));
      }
    }
    return rows;
  }
}

package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.StreamSink;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.engine.provider.SimulatedProvider;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RunHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The web page in headless Chromium: a run from the form, by keyboard, cancelling from the page, a past
 * run, the council diagram, retries, cost, ties and scores.
 */
class WebPageTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aRunStartedFromTheFormFillsMemberCardsWithStreamedTokensThenShowsTheFinalAnswer() {
    try (Fixture f = Fixture.start(Duration.ofMillis(200), Duration.ofMillis(60));
        Browser b = Browser.open(1280, 1000)) {
      b.driver.get(f.uri("/").toString());
      b.waitUpTo(WAIT).until(d -> !new Select(d.findElement(By.id("council-select"))).getOptions().isEmpty());
      assertThat(b.driver.findElement(By.cssSelector("#councils a")).getText()).contains("panel");
      new Select(b.driver.findElement(By.id("council-select"))).selectByValue("panel");
      b.driver.findElement(By.id("question")).sendKeys("Should we adopt virtual threads everywhere?");
      b.driver.findElement(By.id("start")).click();

      // tokens stream in: a first-round card has some text while the member is still answering
      b.waitUpTo(WAIT).until(d -> {
        List<WebElement> cards = d.findElements(By.cssSelector("section.round[data-round='0/0'] article.card"));
        return cards.stream().anyMatch(c -> c.findElement(By.cssSelector(".badge")).getText().equals("answering")
            && !c.findElement(By.cssSelector(".text")).getText().isBlank());
      });
      String partial = b.card(0, "ada").findElement(By.cssSelector(".text")).getText();
      b.screenshot("run-streaming");
      assertThat(b.driver.findElement(By.id("run-status")).getText()).startsWith("RUNNING");

      b.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("final")));
      String answer = b.driver.findElement(By.id("answer")).getText();
      assertThat(answer).startsWith("[simulated]");
      assertThat(b.driver.findElement(By.id("run-status")).getText()).startsWith("COMPLETED");
      String adaFinal = b.card(0, "ada").findElement(By.cssSelector(".text")).getText();
      assertThat(adaFinal).startsWith("[simulated]").startsWith(partial.strip().split("\\s+")[0]);
      assertThat(b.card(0, "ada").findElement(By.cssSelector(".facts")).getText()).contains("attempts 1")
          .contains("latency").contains("tokens");
      // the peer review round shows the anonymized labels and each reviewer's ranking
      WebElement review = b.driver.findElement(By.cssSelector("section.round[data-round='1/0']"));
      assertThat(review.getText()).contains("Anonymized labels").contains("Peer rankings").contains("Winner");
      b.driver.executeScript("arguments[0].scrollIntoView()", review);
      b.screenshot("run-peer-review");
      b.driver.executeScript("document.getElementById('final').scrollIntoView()");
      b.screenshot("run-final-answer");
      b.driver.executeScript("window.scrollTo(0, 0)");
      assertThat(b.driver.findElement(By.cssSelector("section.round[data-round='2/0']")).getText()).contains("chair");
      assertThat(b.driver.findElement(By.id("totals")).getText()).contains("Tokens").contains("Duration");
      assertThat(b.driver.findElement(By.id("cancel")).isDisplayed()).isFalse();
      b.screenshot("run-completed");

      // the same page on a narrow screen
      b.driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
      b.screenshot("run-completed-narrow");
      Long overflow = (Long) b.driver.executeScript(
          "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertThat(overflow).as("horizontal overflow in px on a narrow screen").isLessThanOrEqualTo(0L);
    }
  }

  @Test
  void aRunCanBeCancelledFromThePage() {
    try (Fixture f = Fixture.start(Duration.ofSeconds(30), Duration.ZERO);
        Browser b = Browser.open(1280, 900)) {
      b.driver.get(f.uri("/").toString());
      b.waitUpTo(WAIT).until(d -> !new Select(d.findElement(By.id("council-select"))).getOptions().isEmpty());
      b.driver.findElement(By.id("question")).sendKeys("A slow question");
      b.driver.findElement(By.id("start")).click();
      b.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("article.card .badge")).stream()
          .anyMatch(e -> e.getText().equals("answering")));
      b.cancelRunAndAwaitCancelled(WAIT);
      assertThat(b.driver.findElement(By.id("final")).isDisplayed()).isTrue();
      b.screenshot("run-cancelled");
      String runId = b.driver.getCurrentUrl().replaceAll(".*#/run/", "");
      @SuppressWarnings("unchecked")
      Map<String, Object> run = (Map<String, Object>) Fixture.json(f.get("/v1/runs/" + runId)).get("run");
      assertThat(run).containsEntry("status", "CANCELLED");
    }
  }

  @Test
  void onATokenProtectedServerThePageAsksForTheTokenThenWorks() {
    String secret = "page-token-for-tests";
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO, c -> c.withBind("0.0.0.0").withToken(secret));
        Browser b = Browser.open(1280, 900)) {
      b.driver.get(f.uri("/").toString());
      b.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
      assertThat(b.driver.findElement(By.id("notice")).getText()).contains("token");
      assertThat(new Select(b.driver.findElement(By.id("council-select"))).getOptions()).isEmpty();
      b.driver.findElement(By.id("token")).sendKeys(secret + org.openqa.selenium.Keys.ENTER);
      b.waitUpTo(WAIT).until(d -> !new Select(d.findElement(By.id("council-select"))).getOptions().isEmpty());
      assertThat(b.driver.findElement(By.id("token-form")).isDisplayed()).isFalse();
      b.driver.findElement(By.id("question")).sendKeys("Behind a token?");
      b.driver.findElement(By.id("start")).click();
      b.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("final")));
      assertThat(b.driver.findElement(By.id("answer")).getText()).startsWith("[simulated]");
    }
  }

  @Test
  void aPastRunFromTheRecorderOpensInTheSameView() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(System.getenv().getOrDefault("COUNCIL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/council"));
    ds.setUser(System.getenv().getOrDefault("COUNCIL_TEST_JDBC_USER", "council"));
    ds.setPassword(System.getenv().getOrDefault("COUNCIL_TEST_JDBC_PASSWORD", "council"));
    String prefix = "t_server_" + HexFormat.of().formatHex(randomBytes()) + "_";
    String runId;
    String answer;
    // a run recorded by one server...
    JdbiRecorder recorder = recorder(ds, prefix);
    try (Fixture first = Fixture.start(Duration.ZERO, Duration.ZERO, c -> c, recorder, null)) {
      runId = first.startPanel("What did we decide last week?");
      @SuppressWarnings("unchecked")
      Map<String, Object> result = (Map<String, Object>) first.awaitEnd(runId, WAIT).get("result");
      answer = (String) result.get("answer");
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(10))).isTrue();
    }
    // ...is opened on a fresh one that only has the recorder's history
    PastRuns past = JdbiPastRuns.of(RunHistory.create(ds, prefix));
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO, c -> c, null, past);
        Browser b = Browser.open(1280, 1000)) {
      b.driver.get(f.uri("/").toString());
      By link = By.cssSelector("#past-runs a[data-run='" + runId + "']");
      b.waitUpTo(WAIT).until(ExpectedConditions.elementToBeClickable(link));
      assertThat(b.driver.findElement(link).getText()).contains("panel").contains("COMPLETED");
      b.driver.findElement(link).click();
      b.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("final")));
      assertThat(b.driver.findElement(By.id("answer")).getText()).isEqualTo(answer.strip());
      b.waitUpTo(WAIT).until(d -> d.findElements(By.cssSelector("article.card")).size() >= 7);
      assertThat(b.card(0, "grace").findElement(By.cssSelector(".text")).getText()).startsWith("[simulated]");
      assertThat(b.driver.findElement(By.id("run-title")).getText()).contains("panel");
      assertThat(b.driver.findElement(By.id("run-meta")).getText()).contains("What did we decide last week?");
      b.screenshot("past-run");
    }
  }

  /**
   * Two members and a chair on a scripted provider that answers like the simulated one: ada's first call
   * fails with a transient error (so her first answer takes a retry) and her calls report a cost; with two
   * members each reviewer ranks the only other answer, so the peer review ties.
   */
  private static final String SCRIPTED = """
      {
        "id": "scripted",
        "description": "Two members rank each other; one needs a retry.",
        "members": [
          { "id": "ada", "role": "Analyst", "provider": "scripted", "model": "s-1" },
          { "id": "grace", "role": "Engineer", "provider": "scripted", "model": "s-1" }
        ],
        "rounds": [
          { "type": "independent_analysis" },
          { "type": "anonymized_peer_review" },
          { "type": "synthesis" }
        ],
        "chair": { "id": "chair", "role": "Chair", "provider": "scripted", "model": "s-1" }
      }
      """;

  private static Fixture scripted() throws IOException {
    SimulatedProvider simulated = SimulatedProvider.create("scripted", Duration.ZERO, Duration.ZERO);
    MockScript likeSimulated = MockScript.respond(request -> simulated.chat(request, StreamSink.IGNORE));
    MockProvider provider = MockProvider.create("scripted").fallback(likeSimulated)
        .script("ada", MockScript.sequence(MockScript.error(ErrorKind.TRANSIENT, "503 overloaded, try again"),
            likeSimulated.usage(new Usage(120, 40, 0.0125))));
    Path dir = Files.createTempDirectory("council-server-scripted");
    Files.writeString(dir.resolve("scripted.json"), SCRIPTED);
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of(
            "council.reap-after", "5m", "council.defaults.retry.base-backoff", "10ms")))
        .provider("scripted", provider).build();
    CouncilServer server = CouncilServer.builder(engine).config(ServerConfig.DEFAULTS.withPort(0)).councils(dir)
        .start();
    return Fixture.of(engine, server, dir);
  }

  private static String focused(Browser b) {
    return (String) b.driver.executeScript("const e = document.activeElement;"
        + " return e.id || e.className || e.tagName;");
  }

  @Test
  @SuppressWarnings("unchecked")
  void byKeyboardARunStartsAndShowsTheDiagramRetriesCostTiesAndScores() throws Exception {
    try (Fixture f = scripted(); Browser b = Browser.open(1280, 1000)) {
      Map<String, Object> council = Fixture.json(f.get("/v1/councils/scripted"));
      b.driver.get(f.uri("/").toString());
      b.waitUpTo(WAIT).until(d -> !d.findElement(By.id("diagram")).getAttribute("textContent").isBlank());

      // the skip link, then the form's controls in order, by Tab
      Actions keys = new Actions(b.driver);
      keys.sendKeys(Keys.TAB).perform();
      assertThat(focused(b)).isEqualTo("skip");
      keys.sendKeys(Keys.ENTER).perform();
      assertThat(focused(b)).isEqualTo("main");
      keys.sendKeys(Keys.TAB).perform();
      assertThat(focused(b)).isEqualTo("council-select");
      assertThat(new Select(b.driver.findElement(By.id("council-select"))).getFirstSelectedOption().getText())
          .isEqualTo("scripted");
      keys.sendKeys(Keys.TAB).perform();
      assertThat(focused(b)).isEqualTo("question");
      keys.sendKeys("Which of us is right?").perform();
      keys.sendKeys(Keys.TAB).perform();
      assertThat(focused(b)).isEqualTo("start");
      // on to the council diagram, opened with Enter: the ASCII diagram and the Mermaid source of the API
      keys.sendKeys(Keys.TAB).perform();
      assertThat(b.driver.switchTo().activeElement().getText()).isEqualTo("Council diagram");
      keys.sendKeys(Keys.ENTER).perform();
      WebElement diagram = b.driver.findElement(By.id("diagram"));
      assertThat(diagram.isDisplayed()).isTrue();
      assertThat(diagram.getText().strip()).isEqualTo(((String) council.get("ascii")).strip())
          .contains("ada").contains("grace").contains("anonymized_peer_review");
      keys.sendKeys(Keys.TAB).perform();
      assertThat(b.driver.switchTo().activeElement().getText()).isEqualTo("Mermaid source");
      keys.sendKeys(Keys.ENTER).perform();
      assertThat(b.driver.findElement(By.id("mermaid")).getText().strip())
          .isEqualTo(((String) council.get("mermaid")).strip());
      b.screenshot("council-diagram");
      // back to Start run, activated with the keyboard
      keys.keyDown(Keys.SHIFT).sendKeys(Keys.TAB, Keys.TAB).keyUp(Keys.SHIFT).perform();
      assertThat(focused(b)).isEqualTo("start");
      keys.sendKeys(Keys.ENTER).perform();

      b.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("final")));
      assertThat(b.driver.findElement(By.id("run-meta")).getText()).contains("Which of us is right?");
      String runId = b.driver.getCurrentUrl().replaceAll(".*#/run/", "");
      Map<String, Object> result = (Map<String, Object>) f.awaitEnd(runId, WAIT).get("result");
      assertThat(result).containsEntry("status", "COMPLETED");

      // ada's first answer took a retry, and her calls report their cost
      assertThat(b.card(0, "ada").findElement(By.cssSelector(".facts")).getText())
          .contains("attempts 2 · 1 retry ·").contains("$0.0125");
      assertThat(b.card(0, "grace").findElement(By.cssSelector(".facts")).getText()).contains("attempts 1 ·")
          .doesNotContain("retr").doesNotContain("$");
      double total = ((Number) ((Map<String, Object>) result.get("usage")).get("cost")).doubleValue();
      assertThat(b.driver.findElement(By.id("totals")).getText())
          .contains("Cost\n$" + String.format(java.util.Locale.ROOT, "%.4f", total));

      // the peer review ties: both answers are listed as tied, with their scores
      Map<String, Object> review = ((List<Map<String, Object>>) result.get("rounds")).get(1);
      Map<String, Object> aggregate = (Map<String, Object>) review.get("aggregate");
      Map<String, String> labels = (Map<String, String>) ((Map<String, Object>) review.get("metadata"))
          .get("labelToMember");
      List<String> tied = (List<String>) aggregate.get("tied");
      assertThat(tied).hasSize(2);
      WebElement reviewSection = b.driver.findElement(By.cssSelector("section.round[data-round='1/0'] .aggregate"));
      String shown = reviewSection.getText();
      assertThat(shown).contains("tied: " + tied.stream().map(l -> l + " (" + labels.get(l) + ")")
          .collect(java.util.stream.Collectors.joining(", ")));
      List<List<String>> rows = reviewSection.findElements(By.cssSelector("table:last-of-type tbody tr")).stream()
          .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
      Map<String, Object> scores = (Map<String, Object>) aggregate.get("scores");
      assertThat(rows).hasSize(scores.size()).allSatisfy(row -> {
        String label = row.get(0).replaceAll(" \\(.*", "");
        assertThat(row.get(0)).isEqualTo(label + " (" + labels.get(label) + ")");
        assertThat(row.get(1)).isEqualTo(String.format(java.util.Locale.ROOT, "%.3f",
            ((Number) scores.get(label)).doubleValue()));
      });
      b.driver.executeScript("arguments[0].scrollIntoView()", reviewSection);
      b.screenshot("run-tie-and-scores");
    }
  }

  private static JdbiRecorder recorder(DataSource ds, String prefix) {
    return JdbiRecorder.builder().dataSource(ds).tablePrefix(prefix).migrate(true).build();
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}

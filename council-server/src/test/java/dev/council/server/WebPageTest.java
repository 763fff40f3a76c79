package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RunHistory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.postgresql.ds.PGSimpleDataSource;

/** The web page in headless Chromium: a run from the form, cancelling from the page, a past run. */
class WebPageTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static WebElement card(Browser b, int round, String member) {
    return b.driver.findElement(By.cssSelector("section.round[data-round='" + round + "/0'] article.card[data-member='"
        + member + "']"));
  }

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
      String partial = card(b, 0, "ada").findElement(By.cssSelector(".text")).getText();
      b.screenshot("run-streaming");
      assertThat(b.driver.findElement(By.id("run-status")).getText()).startsWith("RUNNING");

      b.waitUpTo(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("final")));
      String answer = b.driver.findElement(By.id("answer")).getText();
      assertThat(answer).startsWith("[simulated]");
      assertThat(b.driver.findElement(By.id("run-status")).getText()).startsWith("COMPLETED");
      String adaFinal = card(b, 0, "ada").findElement(By.cssSelector(".text")).getText();
      assertThat(adaFinal).startsWith("[simulated]").startsWith(partial.strip().split("\\s+")[0]);
      assertThat(card(b, 0, "ada").findElement(By.cssSelector(".facts")).getText()).contains("attempts 1")
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
      WebElement cancel = b.driver.findElement(By.id("cancel"));
      assertThat(cancel.isDisplayed()).isTrue();
      cancel.click();
      b.waitUpTo(WAIT).withMessage(() -> "status: " + b.driver.findElement(By.id("run-status")).getText()
          + "; notice: " + b.driver.findElement(By.id("notice")).getText())
          .until(d -> d.findElement(By.id("run-status")).getText().startsWith("CANCELLED"));
      assertThat(b.driver.findElement(By.id("final")).isDisplayed()).isTrue();
      assertThat(b.driver.findElement(By.id("run-errors")).getText()).contains("CANCELLED");
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
      assertThat(card(b, 0, "grace").findElement(By.cssSelector(".text")).getText()).startsWith("[simulated]");
      assertThat(b.driver.findElement(By.id("run-title")).getText()).contains("panel");
      assertThat(b.driver.findElement(By.id("run-meta")).getText()).contains("What did we decide last week?");
      b.screenshot("past-run");
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

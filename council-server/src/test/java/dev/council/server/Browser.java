package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium through the system's chromedriver (Debian {@code chromium} and
 * {@code chromium-driver}, which scripts/test.sh installs). Fails, never skips, when they are missing.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getProperty("council.test.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("council.test.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  static Browser open(int width, int height) {
    assertThat(Files.isExecutable(CHROMIUM)).as("headless Chromium is needed at " + CHROMIUM
        + ": install the Debian packages chromium and chromium-driver (scripts/test.sh does), or set"
        + " -Dcouncil.test.chromium").isTrue();
    assertThat(Files.isExecutable(CHROMEDRIVER)).as("chromedriver is needed at " + CHROMEDRIVER
        + ": install the Debian package chromium-driver (scripts/test.sh does), or set"
        + " -Dcouncil.test.chromedriver").isTrue();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=" + width + "," + height, "--no-first-run", "--disable-extensions");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    return new Browser(driver);
  }

  WebDriverWait waitUpTo(Duration timeout) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(50));
  }

  /** The card of {@code member} in the run view's round {@code round} (its first iteration). */
  WebElement card(int round, String member) {
    return driver.findElement(By.cssSelector("section.round[data-round='" + round + "/0'] article.card[data-member='"
        + member + "']"));
  }

  /**
   * Presses the run view's cancel button, which must be shown, and waits until the run's status reads
   * {@code CANCELLED} and its errors say so (a timeout message quotes the status and notice shown).
   */
  void cancelRunAndAwaitCancelled(Duration timeout) {
    WebElement cancel = driver.findElement(By.id("cancel"));
    assertThat(cancel.isDisplayed()).isTrue();
    cancel.click();
    waitUpTo(timeout).withMessage(() -> "status: " + driver.findElement(By.id("run-status")).getText()
        + "; notice: " + driver.findElement(By.id("notice")).getText())
        .until(d -> d.findElement(By.id("run-status")).getText().startsWith("CANCELLED"));
    assertThat(driver.findElement(By.id("run-errors")).getText()).contains("CANCELLED");
  }

  /** Saves a screenshot as target/screenshots/NAME.png for review. */
  void screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(png, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}

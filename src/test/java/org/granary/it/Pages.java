package org.granary.it;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests share about driving the console's pages. */
final class Pages {

    private Pages() {
    }

    /** Clicks {@code target} and waits until the browser has replaced the page (every console action is a POST). */
    static void clickAndWait(WebDriver browser, WebElement target) {
        WebElement page = browser.findElement(By.tagName("html"));
        target.click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException e) {
                // Chromium sometimes reports a node of the document just replaced this way instead of as stale
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }
}

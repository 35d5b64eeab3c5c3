// Load pages of the built docs site in headless Chromium and report what a reader would see.
//
//   node browser_check.mjs <chromium> <base-url> [--search=TERM] <page.html>...
//
// Prints one JSON object: for every page, the number of rendered KaTeX formulas, KaTeX
// error boxes, text that still looks like raw math, images that failed to load, console
// errors, uncaught exceptions, failed or non-2xx requests, and requests that left the
// site (it must work offline). With --search, also types TERM into the search box of
// each page and counts the results. <base-url> may be http://127.0.0.1:PORT/ or a
// file:// URL of the site directory. tests/docs/test_browser.py asserts on the report.
import { chromium } from "playwright-core";

const [executablePath, base, ...rest] = process.argv.slice(2);
const search = rest.find((a) => a.startsWith("--search="))?.slice("--search=".length);
const pages = rest.filter((a) => !a.startsWith("--"));
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--allow-file-access-from-files",
  ],
});
const local = (url) => ["data:", "blob:", "about:"].some((p) => url.startsWith(p)) || url.startsWith(base);
const report = {};
try {
  for (const page of pages) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1600 } });
    const tab = await context.newPage();
    const r = { consoleErrors: [], pageErrors: [], badRequests: [], offsite: [] };
    tab.on("console", (msg) => {
      if (msg.type() === "error") r.consoleErrors.push(msg.text());
    });
    tab.on("pageerror", (err) => r.pageErrors.push(String(err)));
    tab.on("request", (req) => {
      if (!local(req.url())) r.offsite.push(req.url());
    });
    tab.on("requestfailed", (req) => r.badRequests.push(`${req.url()} (${req.failure()?.errorText})`));
    tab.on("response", (res) => {
      if (res.status() >= 400) r.badRequests.push(`${res.url()} (HTTP ${res.status()})`);
    });
    await tab.goto(new URL(page, base).href, { waitUntil: "load" });
    await tab.waitForLoadState("networkidle");
    await tab.evaluate(() => document.fonts.ready);
    if (search) {
      // Material's search runs in a Web Worker (over file://, in the iframe-worker shim).
      await tab.click(".md-search__input");
      await tab.locator(".md-search__input").pressSequentially(search, { delay: 20 });
      await tab
        .waitForSelector(".md-search-result__item", { timeout: 10000 })
        .catch(() => undefined);
      r.searchResults = await tab.locator(".md-search-result__item").count();
      await tab.keyboard.press("Escape");
    }
    Object.assign(
      r,
      await tab.evaluate(() => {
        const article =
          document.querySelector("article.md-content__inner") ?? document.querySelector("article") ?? document.body;
        // Text a reader sees outside code and outside rendered math.
        const skip = "pre, code, script, style, textarea, .katex, .highlight, .highlight-ipynb";
        const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
        const rawMath = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.parentElement?.closest(skip)) continue;
          const text = node.textContent;
          if (/\$|\\\(|\\\)|\\\[|\\\]|\\begin\{/.test(text)) rawMath.push(text.trim().slice(0, 120));
        }
        const images = [...article.querySelectorAll("img")];
        return {
          title: document.title,
          katex: article.querySelectorAll(".katex").length,
          katexErrors: article.querySelectorAll(".katex-error").length,
          unrenderedArithmatex: [...article.querySelectorAll(".arithmatex")]
            .filter((el) => !el.querySelector(".katex"))
            .map((el) => el.textContent.trim().slice(0, 120)),
          rawMath,
          images: images.length,
          brokenImages: images.filter((img) => !(img.complete && img.naturalWidth > 0)).map((img) => img.src),
        };
      }),
    );
    report[page] = r;
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));

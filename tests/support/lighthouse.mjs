// Runs Lighthouse (mobile profile, its default simulated throttling) LIGHTHOUSE_RUNS times
// (default 3) on each URL given, in one Chromium, and prints one JSON object:
// {url: [{scores, bytes, failing, runtimeError}, ...one per run]}. Called by
// tests/support/lighthouse.py; Chromium comes from CHROMIUM_PATH (Debian's /usr/bin/chromium).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const urls = process.argv.slice(2);
const runs = parseInt(process.env.LIGHTHOUSE_RUNS || "3", 10);
const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = {};
try {
    for (const url of urls) {
      results[url] = [];
      for (let run = 0; run < runs; run++) {
        const runner = await lighthouse(url, {
            port: chrome.port,
            output: "json",
            logLevel: "error",
            onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
        });
        const report = runner.lhr;
        const scores = {};
        for (const [name, category] of Object.entries(report.categories)) {
            scores[name] = category.score === null ? null : Math.round(category.score * 100);
        }
        // What pulled a score down: every scored audit under 1, with its category.
        const failing = [];
        for (const [name, category] of Object.entries(report.categories)) {
            for (const ref of category.auditRefs) {
                const audit = report.audits[ref.id];
                if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
                    failing.push(`${name}: ${audit.id} (${audit.title}) ${audit.displayValue || ""}`.trim());
                }
            }
        }
        results[url].push({
            scores,
            bytes: report.audits["total-byte-weight"].numericValue,
            failing,
            runtimeError: report.runtimeError ? report.runtimeError.message : null,
        });
      }
    }
} finally {
    await chrome.kill();
}
process.stdout.write(JSON.stringify(results));

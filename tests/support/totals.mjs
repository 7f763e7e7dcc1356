// Sums the JSON reports of vitest and Playwright into one line: "N passed, N failed, N skipped".
import fs from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
const [vitestFile, playwrightFile] = process.argv.slice(2);
const read = (file) => (file && fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);

const vitest = read(vitestFile);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests + countFilesFailedWithoutFailedTests(vitest);
  skipped += vitest.numPendingTests + vitest.numTodoTests;
} else {
  console.log("vitest: no report (the run did not finish)");
  failed += 1;
}
const playwright = read(playwrightFile);
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
  if (playwright.errors?.length) failed += playwright.errors.length;
} else {
  console.log("playwright: no report (the run did not finish)");
  failed += 1;
}

// A file that fails to load (or in a hook) counts as one failure; files whose tests failed are counted by their tests.
function countFilesFailedWithoutFailedTests(report) {
  return report.testResults.filter((r) => r.status === "failed" && !r.assertionResults.some((a) => a.status === "failed")).length;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);

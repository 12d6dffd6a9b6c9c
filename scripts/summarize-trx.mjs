// Reads every TRX file under the given directory and prints "N passed, N failed" from their counters.
// A failed or missing run counts as a failure, so a build error can never look green.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".trx")) files.push(path);
  }
};
try { walk(dir); } catch { /* no results directory: nothing ran */ }

let passed = 0, failed = 0;
const failures = [];
for (const file of files) {
  const xml = readFileSync(file, "utf8");
  const counters = xml.match(/<Counters\b[^>]*>/);
  if (!counters) { failed += 1; failures.push(`${file}: no counters`); continue; }
  const attr = (name) => Number((counters[0].match(new RegExp(`\\b${name}="(\\d+)"`)) || [0, 0])[1]);
  passed += attr("passed");
  failed += attr("failed") + attr("error") + attr("timeout") + attr("aborted");
  for (const m of xml.matchAll(/<UnitTestResult\b[^>]*testName="([^"]*)"[^>]*outcome="Failed"/g)) failures.push(m[1]);
}
const expected = Number(process.argv[3] || 0);
if (files.length < expected) failed += expected - files.length;
for (const f of failures) console.log(`FAILED: ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

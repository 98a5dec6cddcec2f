// Prints one line `N passed, N failed` over every test that ran: Vitest's JSON report and node:test's TAP.
import fs from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
const ran = [];
try {
  const unit = JSON.parse(fs.readFileSync('.test-results/unit.json', 'utf8'));
  passed += unit.numPassedTests;
  failed += unit.numFailedTests + (unit.numRuntimeErrorTestSuites ?? 0);
  ran.push('unit');
} catch {
  /* not reached */
}
try {
  const tap = fs.readFileSync('.test-results/e2e.tap', 'utf8');
  passed += Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
  failed += Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(tap)?.[1] ?? 0);
  ran.push('e2e');
} catch {
  /* not reached */
}
// A failing step before the tests (type check, install) counts as one failure so the line never reads green.
if (status !== 0 && failed === 0) failed = 1;
if (ran.length < 2) console.error(`(only ${ran.join(' and ') || 'no'} tests ran)`);
console.log(`${passed} passed, ${failed} failed`);

/**
 * One folder per `jest` run, and every temporary file of the run inside it: TMPDIR points there, so the tests'
 * `tmpdir()`, cdktf's default outdirs, `mkdtemp` in a test and the tools the tests start (Terraform, the review CLI)
 * all write under it, and test/global-teardown.js removes it whatever the tests left. Without it, each run of the
 * suites left some 800 folders in /tmp.
 *
 * Inside it, the synth cache of test/review/fixtures.ts: a synth without changes (the demo province, the demo with
 * the fixture pack configuration) is written once per run, and every caller gets its own copy of it. Workers start
 * after this and inherit the variables.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'govlz-test-'));
  // Others may pass through (not list): PostgreSQL runs as its own user in a folder of its own here (test/postgres.ts).
  fs.chmodSync(root, 0o711);
  process.env.GOVLZ_TEST_ROOT = root;
  process.env.GOVLZ_TEST_PREVIOUS_TMPDIR = process.env.TMPDIR ?? '';
  process.env.TMPDIR = root;
  process.env.GOVLZ_SYNTH_CACHE = fs.mkdtempSync(path.join(root, 'synth-cache-'));
};

/**
 * One folder per `jest` run for the synth cache of test/review/fixtures.ts: a synth without changes (the demo
 * province, the demo with the fixture pack configuration) is written once per run, and every caller gets its own
 * copy of it. Workers inherit the variable; the teardown removes the folder.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  process.env.GOVLZ_SYNTH_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), 'govlz-synth-cache-'));
};

/** Removes the run's temporary folder of test/global-setup.js, the synth cache with it. */
const fs = require('fs');

module.exports = async () => {
  const root = process.env.GOVLZ_TEST_ROOT;
  if (process.env.GOVLZ_TEST_PREVIOUS_TMPDIR) process.env.TMPDIR = process.env.GOVLZ_TEST_PREVIOUS_TMPDIR;
  else delete process.env.TMPDIR;
  if (root) fs.rmSync(root, { recursive: true, force: true });
};

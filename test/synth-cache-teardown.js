/** Removes the synth cache folder of test/synth-cache-setup.js. */
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.GOVLZ_SYNTH_CACHE;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};

/** The end-to-end files run in the order of their names: 00 validate, 10 deploy, 20–80 checks, 90 destroy. */
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

class ByName extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => path.basename(a.path).localeCompare(path.basename(b.path)));
  }
}

module.exports = ByName;

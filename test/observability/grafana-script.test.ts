/** The Grafana folder permissions script is valid Python 3 (the job runs it with the Grafana sidecar image's python). */
import * as fs from 'fs';
import * as path from 'path';
import { APPLY_SCRIPT } from '../../lib/observability/grafana-folders';
import { tmpdir } from '../helpers';
import { testWithTools } from '../terraform';
import { run, toolMissing } from './tools';

const { run: t } = testWithTools('test/observability/grafana-script.test.ts', () => toolMissing('python3'));

t('python3 parses and compiles the script', () => {
  const dir = tmpdir('govlz-grafana-');
  const file = path.join(dir, 'apply.py');
  fs.writeFileSync(file, APPLY_SCRIPT);
  const r = run('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', file]);
  expect(r.out).toBe('');
  expect(r.code).toBe(0);
});

t('a broken script fails the same check (the test can fail)', () => {
  const dir = tmpdir('govlz-grafana-');
  const file = path.join(dir, 'broken.py');
  fs.writeFileSync(file, APPLY_SCRIPT.replace('def api(', 'def api('.slice(0, -1)));
  expect(run('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', file]).code).not.toBe(0);
});

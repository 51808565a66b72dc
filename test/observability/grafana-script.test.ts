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

t('the script signs in with the admin credentials read from the mounted secret files, not from its environment (MLPS3-50)', () => {
  const dir = tmpdir('govlz-grafana-');
  const creds = path.join(dir, 'grafana');
  fs.mkdirSync(creds);
  fs.writeFileSync(path.join(creds, 'admin-user'), 'admin\n');
  fs.writeFileSync(path.join(creds, 'admin-password'), 's3cret-from-file');
  // Everything before the first request: the settings and the Authorization header the requests carry.
  const head = APPLY_SCRIPT.slice(0, APPLY_SCRIPT.indexOf('\ndef api('));
  const file = path.join(dir, 'head.py');
  fs.writeFileSync(file, `import os\nos.environ["GRAFANA_URL"] = "http://127.0.0.1:1/"\nos.environ["GF_CREDENTIALS_DIR"] = ${JSON.stringify(creds)}\n${head}\nprint(AUTH)\n`);
  const r = run('python3', [file]);
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toBe(`Basic ${Buffer.from('admin:s3cret-from-file').toString('base64')}`);
});

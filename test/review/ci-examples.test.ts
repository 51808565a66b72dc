/**
 * examples/ci/: the GitHub Actions workflow and the GitLab CI job are valid YAML, synthesize head and base,
 * upload the compliance findings (SARIF to code scanning, a SAST report to GitLab), and every `gov-lz` command in
 * them runs with the options the command line really has.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { govLzMain } from '../../lib/review';
import { tmpdir } from '../helpers';
import { ROOT, synthDemo } from './fixtures';

const EXAMPLES = ['github-actions.yml', 'gitlab-ci.yml'].map((f) => path.join(ROOT, 'examples', 'ci', f));

function govLzCommands(text: string): string[][] {
  return [...text.matchAll(/npx gov-lz ((review|gitlab-sast)[^;\n]*)/g)].map((m) => m[1].trim().split(/\s+/));
}

test('the CI examples are YAML that synthesize head and base and post the review', () => {
  const gh = parse(fs.readFileSync(EXAMPLES[0], 'utf8'));
  expect(gh.on).toHaveProperty('pull_request');
  expect(gh.permissions).toEqual({ contents: 'read', 'pull-requests': 'write', 'security-events': 'write' });
  const steps: Array<{ name?: string; run?: string; uses?: string; with?: { script?: string } }> = gh.jobs.review.steps;
  const runs = steps.map((s) => s.run ?? '').join('\n');
  expect(runs).toContain('npx cdktf synth --output cdktf.out');
  expect(runs).toContain('npx cdktf synth --output "$GITHUB_WORKSPACE/base.out"');
  expect(steps.find((s) => s.uses?.startsWith('actions/github-script'))!.with!.script).toContain("'<!-- gov-lz review -->'");
  // The head's synth keeps a SARIF copy that survives a failing synth; it is uploaded right after, whatever happened.
  const head = steps.findIndex((s) => s.name === 'Synthesize the pull request (head)');
  expect((steps[head] as { env?: Record<string, string> }).env).toEqual({ GOVLZ_SARIF: '${{ github.workspace }}/compliance.sarif' });
  const upload = steps[head + 1] as { uses?: string; if?: string; with: Record<string, string> };
  expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@/);
  expect(upload.if).toBe("always() && hashFiles('compliance.sarif') != ''");
  expect(upload.with).toEqual({ sarif_file: 'compliance.sarif', category: 'gov-lz-mlps3' });

  const gl = parse(fs.readFileSync(EXAMPLES[1], 'utf8'));
  const job = gl['gov-lz-review'];
  expect(job.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
  const script: string = job.script.join('\n');
  expect(script).toContain('npx cdktf synth --output "$CI_PROJECT_DIR/base.out"');
  expect(script).toContain('/merge_requests/${process.env.CI_MERGE_REQUEST_IID}/notes');
  expect(script).toContain("n.body.startsWith('<!-- gov-lz review -->')");
  expect(script.trim().endsWith('exit $status')).toBe(true);
  expect(job.artifacts.reports).toEqual({ sast: 'gl-sast-report.json' });
  expect(script).toContain('GOVLZ_SARIF="$CI_PROJECT_DIR/compliance.sarif" npx cdktf synth --output cdktf.out');
  expect(job.after_script.join('\n')).toContain('npx gov-lz gitlab-sast --sarif compliance.sarif --output gl-sast-report.json');
});

test('every gov-lz command in the CI examples runs with real options against real outputs', () => {
  const work = tmpdir('govlz-ci-');
  fs.cpSync(synthDemo(), path.join(work, 'cdktf.out'), { recursive: true });
  // What GOVLZ_SARIF leaves beside the output after a passing synth: the same log.
  fs.copyFileSync(path.join(work, 'cdktf.out', 'gov-lz', 'compliance.sarif'), path.join(work, 'compliance.sarif'));
  fs.cpSync(
    synthDemo((hub) => hub.industryCloud('egov').addTenant('tmp', { displayName: '临时部门', quota: { cpu: 1, memoryGi: 1 } })),
    path.join(work, 'base.out'),
    { recursive: true },
  );
  let n = 0;
  for (const file of EXAMPLES) {
    for (const argv of govLzCommands(fs.readFileSync(file, 'utf8'))) {
      let err = '';
      const code = govLzMain(argv, { stdout: () => undefined, stderr: (t) => (err += t), cwd: work });
      // 1 = the --fail-on destructive gate holds (the base has a tenant the head removed); never 2 (bad usage).
      expect({ file: path.basename(file), argv, code, err }).toEqual({
        file: path.basename(file),
        argv,
        code: argv.includes('--fail-on') ? 1 : 0,
        err: argv.includes('--fail-on') ? expect.any(String) : '',
      });
      expect(err.includes('Usage')).toBe(false);
      n += 1;
    }
  }
  expect(n).toBe(5);
  expect(fs.readFileSync(path.join(work, 'review.md'), 'utf8').startsWith('<!-- gov-lz review -->\n')).toBe(true);
  // The removed tenant's two namespaces and two backup schedules.
  expect(JSON.parse(fs.readFileSync(path.join(work, 'review.json'), 'utf8')).verdict.destructive).toBe(4);
  // The demo's 27 warnings, at the line of examples/province/province.ts that declares the hub.
  const sast = JSON.parse(fs.readFileSync(path.join(work, 'gl-sast-report.json'), 'utf8'));
  const at = (id: string, n: number, severity: string) => Array(n).fill(`${id} ${severity} examples/province/province.ts`);
  expect(sast.vulnerabilities.map((v: any) => `${v.identifiers[0].value} ${v.severity} ${v.location.file}`)).toEqual([
    ...at('MLPS3-17', 3, 'Medium'),
    ...at('MLPS3-27', 3, 'Medium'),
    ...at('MLPS3-42', 3, 'High'),
    ...at('MLPS3-43', 8, 'Medium'),
    ...at('MLPS3-47', 3, 'High'),
    ...at('MLPS3-49', 1, 'High'),
    ...at('MLPS3-51', 3, 'High'),
    ...at('MLPS3-55', 3, 'Medium'),
  ]);
});

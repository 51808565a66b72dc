/** The Markdown excerpt in the README's "Reviews in pull requests" section is real output of this scenario. */
import * as fs from 'fs';
import * as path from 'path';
import { buildReview, readSynthOutput, renderMarkdown } from '../../lib/review';
import { ROOT, synthDemo } from './fixtures';

/** The README scenario: `sjt` moves from the health to the egov industry cloud with a larger quota, `old1` is removed. */
function readmeScenario(): string {
  const base = synthDemo((hub) => {
    hub.industryCloud('health').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 8, memoryGi: 32 }, admins: ['sjt-admins'] });
    hub.industryCloud('health').addTenant('old1', { displayName: '旧部门', quota: { cpu: 8, memoryGi: 32 } });
  });
  const head = synthDemo((hub) => {
    hub.industryCloud('egov').addTenant('sjt', { displayName: '省水利厅', quota: { cpu: 16, memoryGi: 64 }, admins: ['sjt-admins'] });
  });
  return renderMarkdown(buildReview({ head: readSynthOutput(head, 'cdktf.out'), base: readSynthOutput(base, 'base.out'), failOn: ['destructive'] }));
}

test('every line of the README excerpt is in the review of the README scenario', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const excerpt = /Excerpt \(demo province[^\n]*\n\n```markdown\n([\s\S]*?)\n```/.exec(readme)![1];
  const lines = excerpt.split('\n');
  expect(lines.length).toBeGreaterThan(15);
  const md = readmeScenario();
  for (const line of lines) expect(md.split('\n')).toContain(line);
});

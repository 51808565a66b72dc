/**
 * Every manifest a runbook step applies (promotion patches, the re-clone of a former primary, the restore at the DR
 * centre, the Velero restores) is accepted by the real API servers: server-side dry run, which runs the CRDs' schemas
 * and CEL rules (CloudNativePG's webhooks do not run here: the operators do not run on the planes; their rules are
 * held in test/recovery/runbook-lint.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { A, B, env } from './demo';
import { project, run } from './deploy';

const dir = path.join(project('base'), 'cdktf.out', 'gov-lz', 'runbooks', 'manifests');

async function kubectl(context: string, args: string[]): Promise<{ code: number; output: string }> {
  const r = await run(`kubectl-${args[0]}`, env.kubectl, ['--kubeconfig', env.kubeconfig, '--context', context, ...args], { cwd: dir });
  return { code: r.code, output: r.output };
}

describe('the runbooks’ manifests on real control planes (server-side dry run)', () => {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];

  test('the demo generates them', () => {
    expect(files).toEqual(
      expect.arrayContaining(['postgres-promote-hz-a-core.json', 'postgres-promote-hz-b-core.json', 'postgres-reclone-hz-a-core.json', 'postgres-restore-dr.json', 'velero-restore-wjw.json']),
    );
  });

  test('promotion patches apply to the live Cluster on each site', async () => {
    for (const c of [A, B]) {
      const r = await kubectl(c, ['-n', 'gov-lz-middleware', 'patch', 'clusters.postgresql.cnpg.io/postgres', '--type', 'merge', '--patch-file', `postgres-promote-${c}.json`, '--dry-run=server']);
      expect(r).toMatchObject({ code: 0 });
    }
  });

  test('the re-clone and the DR restore are valid Clusters; the Velero restores are valid Restores', async () => {
    const failures: string[] = [];
    for (const f of files) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (!doc.kind) continue;
      const c = f.includes('hz-b-core') ? B : A;
      // The Cluster exists: server-side apply as an update; a Restore is new: create.
      const args = doc.kind === 'Cluster' ? ['apply', '--server-side', '--force-conflicts', '--field-manager', 'gov-lz-runbook', '--dry-run=server', '-f', f] : ['create', '--dry-run=server', '-f', f];
      const r = await kubectl(c, args);
      if (r.code !== 0) failures.push(`${f}: ${r.output.trim()}`);
    }
    expect(failures).toEqual([]);
  });
});

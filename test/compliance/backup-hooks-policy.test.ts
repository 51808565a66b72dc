/**
 * 三权分立, issue 21 item 4: the system administrator runs Velero backups and restores, but not with hooks (commands
 * Velero runs in any pod, init containers it adds to restored pods), which would give it the shells and pods its role
 * withholds. The policy's CEL, run with @bufbuild/cel on admission requests shaped as the API server sends them.
 */
import { backupHooksPolicy, BACKUP_HOOKS_POLICY_NAME } from '../../lib/compliance/backup-hooks-policy';
import { newHub, stackJson } from '../helpers';
import { evaluate, toCel } from '../placement/cel';

const SYSTEM = { username: 'ops@zj', groups: ['zj-system-admins', 'system:authenticated'] };
const TERRAFORM = { username: 'terraform@zj', groups: ['zj-terraform', 'system:authenticated'] };
const VELERO = { username: 'system:serviceaccount:gov-lz-backup:velero', groups: ['system:serviceaccounts', 'system:authenticated'] };
const policy = backupHooksPolicy(['zj-system-admins']).policy as any;

function decide(who: { username: string; groups: string[] }, resource: 'backups' | 'restores' | 'schedules', object: Record<string, unknown>, operation = 'CREATE'): string {
  const request = toCel({ operation, resource: { group: 'velero.io', version: 'v1', resource }, userInfo: who, name: 'x', namespace: 'gov-lz-backup' });
  const bindings = { request, object: toCel(object), oldObject: null };
  for (const c of policy.spec.matchConditions) if (evaluate(c.expression, bindings) !== true) return 'not matched';
  for (const v of policy.spec.validations) if (evaluate(v.expression, bindings) !== true) return v.message;
  return 'allowed';
}

const steal = { resources: [{ name: 'steal', includedNamespaces: ['gov-lz-system'], pre: [{ exec: { command: ['sh', '-c', 'cat /var/run/secrets/kubernetes.io/serviceaccount/token'] } }] }] };
const backup = (spec: Record<string, unknown>) => ({ apiVersion: 'velero.io/v1', kind: 'Backup', metadata: { name: 'x', namespace: 'gov-lz-backup' }, spec });

test('the system administrator backs up and restores, without hooks', () => {
  expect(decide(SYSTEM, 'backups', backup({ includedNamespaces: ['wjw'] }))).toBe('allowed');
  expect(decide(SYSTEM, 'restores', { ...backup({ backupName: 'daily-1' }), kind: 'Restore' })).toBe('allowed');
  expect(decide(SYSTEM, 'schedules', { ...backup({ schedule: '0 2 * * *', template: { includedNamespaces: ['wjw'] } }), kind: 'Schedule' })).toBe('allowed');
  expect(decide(SYSTEM, 'backups', { apiVersion: 'velero.io/v1', kind: 'Backup', metadata: { name: 'x' } })).toBe('allowed');
});

test('a hook in a backup, a restore (exec or init container) or a schedule’s template is refused for the system administrator, on create and update', () => {
  expect(decide(SYSTEM, 'backups', backup({ includedNamespaces: ['gov-lz-system'], hooks: steal }))).toMatch(/^Velero backup and restore hooks run commands/);
  expect(decide(SYSTEM, 'backups', backup({ hooks: steal }), 'UPDATE')).toMatch(/^Velero backup and restore hooks/);
  const init = { resources: [{ name: 'implant', postHooks: [{ init: { initContainers: [{ name: 'x', image: 'busybox' }] } }] }] };
  expect(decide(SYSTEM, 'restores', { ...backup({ backupName: 'daily-1', hooks: init }), kind: 'Restore' })).toMatch(/^Velero backup and restore hooks/);
  expect(decide(SYSTEM, 'schedules', { ...backup({ schedule: '0 2 * * *', template: { hooks: steal } }), kind: 'Schedule' })).toMatch(/^Velero schedule hooks/);
});

test('the Terraform identity and Velero itself are not concerned', () => {
  expect(decide(TERRAFORM, 'schedules', { ...backup({ schedule: '0 2 * * *', template: { hooks: steal } }), kind: 'Schedule' })).toBe('not matched');
  expect(decide(VELERO, 'backups', backup({ hooks: steal }))).toBe('not matched');
});

test('the policy and its binding are on every cluster of the hub, for the configured system administrator groups', () => {
  const { app } = newHub({ adminGroups: { systemAdmins: ['zj-ops', 'zj-ops-2'] } });
  app.synth();
  const hub = stackJson(app, 'zj-hub').resource.kubernetes_manifest;
  for (const c of ['ali-burst', 'hz-a-core', 'hz-b-core']) {
    expect(hub[`${BACKUP_HOOKS_POLICY_NAME}--${c}`].manifest.spec.matchConditions[0].expression).toBe(`has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ['zj-ops', 'zj-ops-2'])`);
    expect(hub[`${BACKUP_HOOKS_POLICY_NAME}--${c}--binding`]).toMatchObject({
      manifest: { spec: { policyName: BACKUP_HOOKS_POLICY_NAME, validationActions: ['Deny'] } },
      depends_on: [`kubernetes_manifest.${BACKUP_HOOKS_POLICY_NAME}--${c}`],
      provider: `kubernetes.${c}`,
    });
  }
});

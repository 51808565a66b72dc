/** Grafana folders readable by their department only: the rendered permissions per department, and the hardened job that applies them. */
import { DataClass } from '../../lib';
import { APPLY_SCRIPT, GrafanaPermission } from '../../lib/observability/grafana-folders';
import { newHub, stackJson, synthProblems } from '../helpers';
import { OBSERVABILITY } from './fixture';

function province(grafana?: { teamSync?: boolean; folderPermissionsSchedule?: string }) {
  const { app, hub } = newHub({ observability: { ...OBSERVABILITY, ...(grafana ? { grafana } : {}) } });
  const health = hub.addIndustryCloud('health', { displayName: '医疗健康行业云', clusters: ['hz-a-core', 'hz-b-core'], dataClass: DataClass.GENERAL });
  const q = { cpu: 8, memoryGi: 32, storageGi: 100 };
  health.addTenant('wjw', { displayName: '省卫生健康委员会', quota: q, viewers: ['wjw-staff', 'wjw-vendor'], admins: ['wjw-ops'] });
  // A group that both views and administers gets the stronger permission once.
  health.addTenant('ybj', { displayName: '省医疗保障局', quota: q, viewers: ['ybj-staff', 'ybj-ops'], admins: ['ybj-ops'] });
  health.addTenant('tjj', { displayName: '省统计局', quota: q });
  app.synth();
  const res = stackJson(app, 'zj-hub').resource;
  const cm = res.kubernetes_config_map_v1['gov-lz-system--hz-a-core--gov-lz-grafana-folders'];
  const job = res.kubernetes_manifest['gov-lz-system--hz-a-core--gov-lz-grafana-folders'];
  return { res, cm, job, spec: JSON.parse(cm.data['folders.json']) };
}

test("each department's folder: its viewers' teams View, its admins' teams Edit, nobody else's; no basic-role entry", () => {
  const { spec } = province();
  expect(spec.teamSync).toBe(false);
  expect(spec.folders).toEqual([
    // A department that names no groups: its folder is for org admins only.
    { title: 'tjj', uid: 'gov-lz-tjj', teams: [] },
    {
      title: 'wjw',
      uid: 'gov-lz-wjw',
      teams: [
        { team: 'wjw-ops', permission: GrafanaPermission.EDIT },
        { team: 'wjw-staff', permission: GrafanaPermission.VIEW },
        { team: 'wjw-vendor', permission: GrafanaPermission.VIEW },
      ],
    },
    {
      title: 'ybj',
      uid: 'gov-lz-ybj',
      teams: [
        { team: 'ybj-ops', permission: GrafanaPermission.EDIT },
        { team: 'ybj-staff', permission: GrafanaPermission.VIEW },
      ],
    },
  ]);
  // No department's folder lists another department's group.
  for (const f of spec.folders) for (const t of f.teams) expect(t.team.startsWith(`${f.title}-`)).toBe(true);
});

test('the folder title is the folder the sidecar files the dashboard under', () => {
  const { spec } = province();
  const { app, hub } = newHub({ observability: OBSERVABILITY });
  hub.addIndustryCloud('health', { displayName: 'h', clusters: ['hz-a-core'] }).addTenant('wjw', { displayName: 'w', quota: { cpu: 1, memoryGi: 1 } });
  app.synth();
  const dash = stackJson(app, 'zj-health').resource.kubernetes_config_map_v1['wjw--hz-a-core--configmap-gov-lz-dashboard'];
  expect(spec.folders.map((f: { title: string }) => f.title)).toContain(dash.metadata.annotations.grafana_folder);
});

test('team sync (Grafana Enterprise) is passed to the job', () => {
  expect(province({ teamSync: true }).spec.teamSync).toBe(true);
});

test('the job is hardened (MLPS3-33): its own account, no token, non-root, read-only root, no capabilities; the admin password by reference only', () => {
  const { res, job, cm } = province();
  const m = job.manifest;
  expect(m).toMatchObject({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'gov-lz-grafana-folders', namespace: 'gov-lz-system' } });
  expect(m.spec).toMatchObject({ schedule: '*/10 * * * *', concurrencyPolicy: 'Forbid' });
  const pod = m.spec.jobTemplate.spec.template.spec;
  expect(pod).toMatchObject({ serviceAccountName: 'gov-lz-grafana-folders', automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });
  const c = pod.containers[0];
  expect(c.image).toBe('harbor.zj.gov.internal/kiwigrid/k8s-sidecar:2.10.1');
  expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
  expect(c.env).toEqual([
    { name: 'GRAFANA_URL', value: 'http://kube-prometheus-stack-grafana.gov-lz-system.svc' },
    { name: 'GF_CREDENTIALS_DIR', value: '/var/run/secrets/grafana' },
  ]);
  // The admin secret as files readable by the job's group only (MLPS3-50), never in the environment.
  expect(c.volumeMounts).toContainEqual({ name: 'grafana-admin', mountPath: '/var/run/secrets/grafana', readOnly: true });
  expect(pod.volumes).toContainEqual({
    name: 'grafana-admin',
    secret: {
      secretName: 'kube-prometheus-stack-grafana',
      items: [
        { key: 'admin-user', path: 'admin-user' },
        { key: 'admin-password', path: 'admin-password' },
      ],
      defaultMode: 0o440,
    },
  });
  expect(pod.securityContext.fsGroup).toBe(65534);
  expect(res.kubernetes_service_account_v1['gov-lz-system--hz-a-core--gov-lz-grafana-folders']).toMatchObject({ automount_service_account_token: false });
  expect(job.depends_on).toEqual(['kubernetes_config_map_v1.gov-lz-system--hz-a-core--gov-lz-grafana-folders', 'kubernetes_service_account_v1.gov-lz-system--hz-a-core--gov-lz-grafana-folders']);
  // A change of the departments shows in the job's pods.
  expect(m.spec.jobTemplate.spec.template.metadata.annotations['gov-lz.io/folders-revision']).toMatch(/^[0-9]+$/);
  expect(cm.data['apply.py']).toBe(APPLY_SCRIPT);
});

test('Grafana: departments sign in as org Viewers who cannot edit or explore, no anonymous access', () => {
  const { app: a } = newHub({ observability: OBSERVABILITY });
  a.synth();
  const values = JSON.parse(stackJson(a, 'zj-platform-hz-a-core').resource.helm_release['kube-prometheus-stack--hz-a-core'].values[0]);
  expect(values.grafana['grafana.ini']).toEqual({
    users: { auto_assign_org_role: 'Viewer', viewers_can_edit: false, allow_sign_up: false, allow_org_create: false },
    'auth.anonymous': { enabled: false },
  });
});

test('the script replaces every permission of a folder (nothing of the Viewer or Editor roles is kept) and locks the others', () => {
  expect(APPLY_SCRIPT).toContain('"/api/folders/" + folder["uid"] + "/permissions", {"items": items}');
  expect(APPLY_SCRIPT).toContain('{"items": []}');
});

test('a permissions schedule the API server would refuse fails synth with the schedule and a fix; a valid one is the job’s', () => {
  const { app } = newHub({ observability: { ...OBSERVABILITY, grafana: { folderPermissionsSchedule: '*/10 * * * * *' } } });
  expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${p.message} | ${p.fix}`)).toEqual([
    `invalid-value zj/Observability observability.grafana.folderPermissionsSchedule: "*/10 * * * * *" has 6 fields; a cron line has five: minute hour day-of-month month day-of-week | a five-field cron line in Asia/Shanghai time, e.g. '*/10 * * * *'`,
  ]);
  expect(province({ folderPermissionsSchedule: '*/5 7-22 * * MON-FRI' }).job.manifest.spec.schedule).toBe('*/5 7-22 * * MON-FRI');
});

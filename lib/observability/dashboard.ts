/** A department's Grafana dashboard: a ConfigMap the Grafana sidecar picks up, in a folder named after the department. */
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { Recorded } from './rules';

/** Label the Grafana sidecar looks for (kube-prometheus-stack's default). */
export const DASHBOARD_LABEL = 'grafana_dashboard';

/** The dashboard ConfigMap of one department namespace (quota use, requested vs used CPU and memory). */
export function departmentDashboard(tenant: string, displayName: string, namespace: string, folderAnnotation: string): Record<string, unknown> {
  const sel = `namespace="${namespace}"`;
  const panel = (id: number, title: string, exprs: Array<[string, string]>, unit: string) => ({
    id,
    type: 'timeseries',
    title,
    gridPos: { h: 8, w: 12, x: ((id - 1) % 2) * 12, y: Math.floor((id - 1) / 2) * 8 },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: exprs.map(([expr, legend], i) => ({ refId: String.fromCharCode(65 + i), expr, legendFormat: legend })),
  });
  const dashboard = {
    uid: `gov-lz-${tenant}`.slice(0, 40),
    title: `${displayName} (${tenant})`,
    tags: ['gov-lz', tenant],
    timezone: 'browser',
    schemaVersion: 39,
    panels: [
      panel(1, 'Quota use', [[`${Recorded.QUOTA_USE}{${sel}}`, '{{resource}}']], 'percentunit'),
      panel(
        2,
        'CPU (cores)',
        [
          [`${Recorded.CPU_REQUESTED}{${sel}}`, 'requested'],
          [`${Recorded.CPU_USED}{${sel}}`, 'used'],
          [`${Recorded.CPU_QUOTA}{${sel}}`, 'quota'],
        ],
        'none',
      ),
      panel(
        3,
        'Memory',
        [
          [`${Recorded.MEMORY_REQUESTED}{${sel}}`, 'requested'],
          [`${Recorded.MEMORY_USED}{${sel}}`, 'used'],
          [`${Recorded.MEMORY_QUOTA}{${sel}}`, 'quota'],
        ],
        'bytes',
      ),
      panel(4, 'Firing alerts', [[`ALERTS{${sel},alertstate="firing"}`, '{{alertname}}']], 'none'),
    ],
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'gov-lz-dashboard',
      namespace,
      labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF, [Labels.TENANT]: tenant, [DASHBOARD_LABEL]: '1' },
      annotations: { [folderAnnotation]: tenant },
    },
    data: { [`gov-lz-${tenant}.json`]: JSON.stringify(dashboard) },
  };
}

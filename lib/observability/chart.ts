/** The kube-prometheus-stack chart this library targets, and its values on one cluster. */
import { HubNamespaces } from '../core/names';
import { PLATFORM_RULE_NAME } from './rules';

/** kube-prometheus-stack 88.5.3 (prometheus-operator v0.93.1), as vendored in test/fixtures/upstream. */
export const KUBE_PROMETHEUS_STACK = { chart: 'kube-prometheus-stack', version: '88.5.3', appVersion: 'v0.93.1' } as const;

/** Settings of the chart on one cluster. */
export interface MonitoringValuesOptions {
  readonly province: string;
  readonly cluster: string;
  readonly imageRegistry: string;
  readonly retentionDays: number;
  readonly storageGi: number;
  /** The `alertmanager.config` value (alertmanager.ts). */
  readonly alertmanagerConfig: Record<string, unknown>;
}

/** Grafana's annotation naming the folder a dashboard ConfigMap goes to. */
export const GRAFANA_FOLDER_ANNOTATION = 'grafana_folder';

/** Helm values of kube-prometheus-stack on one cluster. */
export function monitoringValues(o: MonitoringValuesOptions): Record<string, unknown> {
  return {
    global: { imageRegistry: o.imageRegistry },
    crds: { enabled: true },
    prometheus: {
      prometheusSpec: {
        retention: `${o.retentionDays}d`,
        externalLabels: { cluster: o.cluster, province: o.province },
        // A department's rules and monitors only see its own namespace's series (the operator adds the matcher);
        // the platform's own rule reads every namespace.
        enforcedNamespaceLabel: 'namespace',
        prometheusRulesExcludedFromEnforce: [{ ruleNamespace: HubNamespaces.SYSTEM, ruleName: PLATFORM_RULE_NAME }],
        // Rules and monitors of every namespace, not only those labelled for the Helm release.
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        storageSpec: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${o.storageGi}Gi` } } } } },
      },
    },
    alertmanager: {
      config: o.alertmanagerConfig,
      alertmanagerSpec: { alertmanagerConfigMatcherStrategy: { type: 'OnNamespace' } },
    },
    grafana: {
      // Departments' users sign in as org Viewers and see only the folders their teams are given (grafana-folders.ts);
      // the platform team is org Admin through the identity provider's role mapping (auth settings are the province's).
      'grafana.ini': {
        users: { auto_assign_org_role: 'Viewer', viewers_can_edit: false, allow_sign_up: false, allow_org_create: false },
        'auth.anonymous': { enabled: false },
      },
      // A read-only root (MLPS3-33) on top of the chart's hardened defaults: Grafana writes to its storage volume, the
      // sidecars to the volumes they fill.
      containerSecurityContext: { readOnlyRootFilesystem: true },
      sidecar: {
        // Dashboards from the departments' namespaces, each in the folder its annotation names (grafana subchart values).
        // ConfigMaps only: the sidecars never read a Secret (the tenant layer writes dashboards as ConfigMaps).
        dashboards: {
          enabled: true,
          searchNamespace: 'ALL',
          folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
          provider: { foldersFromFilesStructure: true },
          resource: 'configmap',
        },
        datasources: { resource: 'configmap' },
        securityContext: { readOnlyRootFilesystem: true },
      },
      // The sidecars list ConfigMaps in every namespace: the built-in read-only `view` role gives that without Secrets
      // (the chart's own ClusterRole grants ConfigMaps and Secrets together; MLPS3-12).
      rbac: { useExistingClusterRole: 'view' },
    },
    prometheusOperator: {
      // The operator's webhook listens on 10250 by default (for GKE's firewall), the kubelet's port (MLPS3-16).
      tls: { internalPort: 10260 },
    },
    // kube-state-metrics reads no Secret (MLPS3-12: its metrics of Secrets would need list on every Secret of the cluster).
    'kube-state-metrics': { collectorsExclude: ['secrets'] },
    // node-exporter keeps the host's PID and network namespaces it reads the node from; its container is hardened (MLPS3-33).
    'prometheus-node-exporter': {
      containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
    },
  };
}

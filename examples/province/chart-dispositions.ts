/**
 * What the province's security office decided about the findings on the objects inside the operator charts (the
 * rendered charts of examples/province/rendered-charts, `npm run charts:render`). Where a chart allows a safer setting,
 * the library sets it (Velero's server, kube-state-metrics without Secrets, Grafana's sidecars on ConfigMaps through the
 * built-in view role, hardened Grafana and node-exporter containers, prometheus-operator off the kubelet's port); what is left is listed here, one suppression per object and
 * rule, on the helm_release that installs it, each with the reason an assessor reads in compliance.md.
 */
import { TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { MlpsLevel3Checks, ProvinceHub } from '../../lib';

/** One object of a chart (`<template>#<Kind>:<namespace>/<name>`, as the rendered release names it), and what was decided. */
export interface ChartDisposition {
  readonly chart: string;
  readonly objects: readonly string[];
  readonly ruleIds: readonly string[];
  readonly owner: string;
  readonly reason: string;
}

/** Reviewed by the security office; reviewed again before this day (and at each chart upgrade, which renders anew). */
export const CHART_DISPOSITIONS_EXPIRE = '2027-06-30';

const SYSTEM = 'gov-lz-system';
const BACKUP = 'gov-lz-backup';
const MIDDLEWARE = 'gov-lz-middleware';

export const CHART_DISPOSITIONS: readonly ChartDisposition[] = [
  {
    chart: 'kube-prometheus-stack',
    objects: [`kube-prometheus-stack/charts/grafana/templates/deployment.yaml#Deployment:${SYSTEM}/kube-prometheus-stack-grafana`],
    ruleIds: ['MLPS3-50'],
    owner: 'zj-security-office',
    reason:
      "The grafana chart (12.11.1, a dependency of kube-prometheus-stack) hands Grafana's admin user and password to Grafana and to its dashboard and datasource sidecars as secretKeyRef environment variables: the sidecars call Grafana's reload API with them (REQ_USERNAME, REQ_PASSWORD) and have no file-based setting, and the chart's __FILE variants cover Grafana alone. The Secret lives in the mgmt-zone namespace gov-lz-system, which no department reaches and whose pods run as non-root with read-only roots; the password never leaves the cluster (the folder-permission job reads it as a file). Revisit at each chart upgrade.",
  },
  {
    chart: 'velero',
    objects: ['velero/templates/clusterrolebinding.yaml#ClusterRoleBinding:velero-server'],
    ruleIds: ['MLPS3-12', 'MLPS3-13'],
    owner: 'zj-security-office',
    reason:
      'Velero backs up and restores every kind of object of the tenant namespaces, RBAC objects and Secrets included; a restore must be able to create whatever was backed up, which any narrower role would still let it escalate to (bind, escalate), so upstream requires cluster-admin (rbac.clusterAdministrator). Held by the velero-server service account only, in the privileged mgmt-zone namespace gov-lz-backup that no department can reach (MLPS3-38/40); restores are requested by the system administrators and recorded by the API-server audit policy.',
  },
  {
    chart: 'velero',
    objects: [`velero/templates/role.yaml#Role:${BACKUP}/velero-server`, `velero/templates/rolebinding.yaml#RoleBinding:${BACKUP}/velero-server`],
    ruleIds: ['MLPS3-12'],
    owner: 'zj-platform-team',
    reason:
      "The Velero chart's own Role (every verb on every resource) in Velero's own namespace gov-lz-backup, for its custom resources, repository secrets and maintenance jobs; it grants nothing outside that namespace, and the cluster-wide binding above already includes it. The chart has no setting to narrow it.",
  },
  {
    chart: 'velero',
    objects: [`velero/templates/node-agent-daemonset.yaml#DaemonSet:${BACKUP}/node-agent`],
    ruleIds: ['MLPS3-33'],
    owner: 'zj-platform-team',
    reason:
      "Velero's node agent reads pods' volumes from the node (hostPath /var/lib/kubelet/pods) for file-system backups and writes them back on restore, which needs root on the node: it runs as upstream ships it, in gov-lz-backup, the one mgmt-zone namespace enforcing the privileged Pod Security level with a declared reason (gov-lz.io/privileged-reason). Its token reads the Velero custom resources only.",
  },
  {
    chart: 'keda',
    objects: ['keda/templates/manager/clusterrole.yaml#ClusterRole:keda-operator', 'keda/templates/manager/clusterrolebindings.yaml#ClusterRoleBinding:keda-operator'],
    ruleIds: ['MLPS3-12'],
    owner: 'zj-platform-team',
    reason:
      "KEDA scales any workload with a /scale subresource, of any API group, so its upstream ClusterRole grants get on every resource and get/patch/update on */scale; it lists Secrets to resolve TriggerAuthentications that departments write in their own namespaces. The 'remote shell' is that wildcard get, which also covers the exec, attach and proxy subresources of pods: KEDA never calls them, and the chart has no setting to narrow the rule. Held by the keda-operator service account in the mgmt-zone namespace gov-lz-system only; departments get no KEDA rights beyond their own ScaledObjects.",
  },
  {
    chart: 'cloudnative-pg',
    objects: ['cloudnative-pg/templates/rbac.yaml#ClusterRoleBinding:cloudnative-pg'],
    ruleIds: ['MLPS3-12'],
    owner: 'zj-platform-team',
    reason:
      "The CloudNativePG operator (config.clusterWide, as the middleware shelf runs the PostgreSQL clusters in gov-lz-middleware and the operator in gov-lz-system) creates and rotates the clusters' credential Secrets and runs pg_ctl/psql in the instance pods through pods/exec for promotion and fencing: upstream's ClusterRole, held by its service account in the mgmt zone only.",
  },
  {
    chart: 'redis-operator',
    objects: ['redis-operator/templates/role.yaml#ClusterRole:redis-operator', 'redis-operator/templates/role-binding.yaml#ClusterRoleBinding:redis-operator'],
    ruleIds: ['MLPS3-12'],
    owner: 'zj-platform-team',
    reason:
      "The redis-operator (watchNamespace gov-lz-middleware) creates the Redis password Secrets and configures replication and sentinel failover through pods/exec; get on every non-resource URL is its health and version probe of the API server. The chart binds upstream's ClusterRole cluster-wide with no namespaced option; the operator only acts on the namespace it watches.",
  },
  {
    chart: 'strimzi-kafka-operator',
    objects: [
      `strimzi-kafka-operator/templates/020-RoleBinding-strimzi-cluster-operator.yaml#RoleBinding:${MIDDLEWARE}/strimzi-cluster-operator`,
      `strimzi-kafka-operator/templates/020-RoleBinding-strimzi-cluster-operator.yaml#RoleBinding:${SYSTEM}/strimzi-cluster-operator`,
      `strimzi-kafka-operator/templates/031-RoleBinding-strimzi-cluster-operator-entity-operator-delegation.yaml#RoleBinding:${MIDDLEWARE}/strimzi-cluster-operator-entity-operator-delegation`,
      `strimzi-kafka-operator/templates/031-RoleBinding-strimzi-cluster-operator-entity-operator-delegation.yaml#RoleBinding:${SYSTEM}/strimzi-cluster-operator-entity-operator-delegation`,
    ],
    ruleIds: ['MLPS3-12'],
    owner: 'zj-platform-team',
    reason:
      "Strimzi is bound per namespace (watchAnyNamespace false): in its own namespace gov-lz-system and in gov-lz-middleware, where it issues the Kafka clusters' CA and user certificates and the users' credentials as Secrets; the entity operator it delegates to manages the KafkaUser Secrets there. No binding reaches a department's namespace.",
  },
  {
    chart: 'kube-prometheus-stack',
    objects: [
      'kube-prometheus-stack/templates/prometheus-operator/clusterrole.yaml#ClusterRole:kube-prometheus-stack-operator',
      'kube-prometheus-stack/templates/prometheus-operator/clusterrolebinding.yaml#ClusterRoleBinding:kube-prometheus-stack-operator',
    ],
    ruleIds: ['MLPS3-12'],
    owner: 'zj-platform-team',
    reason:
      "prometheus-operator manages the StatefulSets, configuration Secrets and ConfigMaps of Prometheus and Alertmanager (upstream's ClusterRole: every verb on those three kinds and on its own custom resources) and reads the Secrets ServiceMonitors and AlertmanagerConfigs name, in the namespaces they live in; the chart has no namespaced mode for a cluster-wide Prometheus. Held by its service account in gov-lz-system only.",
  },
  {
    chart: 'kube-prometheus-stack',
    objects: [`kube-prometheus-stack/charts/prometheus-node-exporter/templates/daemonset.yaml#DaemonSet:${SYSTEM}/kube-prometheus-stack-prometheus-node-exporter`],
    ruleIds: ['MLPS3-16'],
    owner: 'zj-platform-team',
    reason:
      "node-exporter measures the node itself: it shares the host's PID and network namespaces (the chart's hostPID and hostNetwork) to report the node's processes and interfaces, read-only, as a non-root user with a read-only root, no capabilities and no privilege escalation; it mounts no service-account token.",
  },
  {
    chart: 'yurt-manager',
    objects: [
      'yurt-manager/templates/yurt-manager.yaml#ClusterRoleBinding:yurt-manager-controller-role-binding',
      'yurt-manager/templates/yurt-manager-auto-generated.yaml#ClusterRoleBinding:yurt-manager-hubleaderrbac-controller-binding',
    ],
    ruleIds: ['MLPS3-12'],
    owner: 'zj-platform-team',
    reason:
      "OpenYurt's yurt-manager runs one controller per feature under one service account: the base controller requests tokens for the controllers' own service accounts (serviceaccounts/token), the hub-leader RBAC controller keeps the ClusterRole of the node-pool leaders up to date (escalate on clusterroles). Upstream's generated RBAC, held by the yurt-manager service account in gov-lz-system only.",
  },
  {
    chart: 'yurt-manager',
    objects: [`yurt-manager/templates/yurt-manager.yaml#Deployment:${SYSTEM}/yurt-manager`],
    ruleIds: ['MLPS3-33'],
    owner: 'zj-platform-team',
    reason:
      "yurt-manager 1.7.0's chart has no setting for a pod or container securityContext (no seccomp, non-root or read-only root can be given); the edge layer pins it and will set them when upstream's chart allows. It runs in the mgmt-zone namespace gov-lz-system, which enforces the baseline Pod Security level (no privileged container, host namespace or host path) and warns and audits at restricted.",
  },
];

/** Adds a suppression for each disposition, on every helm_release of the chart in the hub's stacks, scoped to the object's address. */
export function applyChartDispositions(hub: ProvinceHub, dispositions: readonly ChartDisposition[] = CHART_DISPOSITIONS): void {
  for (const stack of hub.stacks) {
    for (const c of stack.node.findAll()) {
      if (!isHelmRelease(c)) continue;
      const chart = String((c as unknown as { chartInput?: unknown }).chartInput ?? '');
      for (const d of dispositions.filter((x) => x.chart === chart)) {
        for (const object of d.objects) {
          for (const ruleId of d.ruleIds) {
            MlpsLevel3Checks.suppress(c, { ruleId, reason: d.reason, owner: d.owner, expires: CHART_DISPOSITIONS_EXPIRE, resource: `helm_release.${c.friendlyUniqueId}[${object}]` });
          }
        }
      }
    }
  }
}

function isHelmRelease(c: IConstruct): c is TerraformResource {
  return TerraformResource.isTerraformResource(c) && (c as TerraformResource).terraformResourceType === 'helm_release';
}

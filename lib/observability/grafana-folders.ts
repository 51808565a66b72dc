/**
 * Grafana folders readable by their department only. The Grafana sidecar puts each department's dashboard into a
 * folder named after the department; Grafana OSS cannot provision folder permissions from files, so a CronJob on
 * each monitored cluster applies them through Grafana's HTTP API from a ConfigMap the library renders:
 *
 * - a team per identity-provider group the department names (`TenantOptions.viewers`, `TenantOptions.admins`);
 * - the folder's permissions replaced by exactly: its viewers' teams View, its admins' teams Edit — no entry for the
 *   Viewer or Editor basic roles, so no other department's user sees it (org admins, the platform team, see all);
 * - every other folder (the chart's own dashboards, a folder nobody listed) locked to org admins;
 * - with `observability.grafana.teamSync` (Grafana Enterprise), each team synced with its group, so membership
 *   follows the identity provider; on Grafana OSS team sync does not exist and the platform team adds members.
 *
 * The job needs no Kubernetes API (no service account token at all): it reads the ConfigMap as a volume and the
 * chart's admin secret as files of a secret volume (a reference, never a value in cdktf.out; never in its environment).
 */
import type { ITenant } from '../core/contracts';
import { Labels, MANAGED_BY, PART_OF } from '../core/labels';
import { HubNamespaces } from '../core/names';

/** Name of the ConfigMap (folders.json, apply.py) and of the CronJob, in gov-lz-system. */
export const GRAFANA_FOLDERS = 'gov-lz-grafana-folders';
/** Grafana's folder permission levels (HTTP API). */
export const GrafanaPermission = { VIEW: 1, EDIT: 2, ADMIN: 4 } as const;

/** What the job applies to one department's folder. */
export interface GrafanaFolderSpec {
  /** Folder title: the department code (the dashboards' folder annotation). */
  readonly title: string;
  /** Folder uid when the job creates it before the sidecar does. */
  readonly uid: string;
  /** Teams (one per identity-provider group) and their permission on the folder. */
  readonly teams: ReadonlyArray<{ readonly team: string; readonly permission: number }>;
}

/** Settings of the Grafana folder permissions (`ObservabilityProps.grafana`). */
export interface GrafanaFolderSettings {
  /** Grafana Enterprise team sync: each team is synced with its identity-provider group. */
  readonly teamSync: boolean;
  /** Image of the job (python 3 inside): the Grafana sidecar's own, from the hub registry. */
  readonly image: string;
  /** Cron schedule. */
  readonly schedule: string;
}

/** The k8s-sidecar image kube-prometheus-stack 88.5.3's Grafana (chart 12.11.1) runs: already mirrored with the chart. */
export const GRAFANA_SIDECAR_IMAGE = 'kiwigrid/k8s-sidecar:2.10.1';
/** The Grafana the chart installs, and the admin secret it creates (release `kube-prometheus-stack`). */
const GRAFANA_URL = `http://kube-prometheus-stack-grafana.${HubNamespaces.SYSTEM}.svc`;
const GRAFANA_SECRET = 'kube-prometheus-stack-grafana';

/** The folder of each department homed on a cluster, with its teams; sorted, so the output is stable. */
export function grafanaFolders(tenants: readonly ITenant[]): GrafanaFolderSpec[] {
  return [...tenants]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((t) => {
      const teams = new Map<string, number>();
      for (const g of t.viewers) teams.set(g, Math.max(teams.get(g) ?? 0, GrafanaPermission.VIEW));
      for (const g of t.admins) teams.set(g, Math.max(teams.get(g) ?? 0, GrafanaPermission.EDIT));
      return {
        title: t.code,
        uid: `gov-lz-${t.code}`.slice(0, 40),
        teams: [...teams].sort(([a], [b]) => a.localeCompare(b)).map(([team, permission]) => ({ team, permission })),
      };
    });
}

/**
 * The job's script (python 3, standard library only). Idempotent: it converges Grafana on folders.json on every
 * run, so a permission changed by hand in the UI is put back within one schedule.
 */
export const APPLY_SCRIPT = String.raw`import base64, json, os, sys, urllib.error, urllib.parse, urllib.request

URL = os.environ["GRAFANA_URL"].rstrip("/")
CREDENTIALS = os.environ["GF_CREDENTIALS_DIR"]


def credential(key):
    with open(os.path.join(CREDENTIALS, key)) as f:
        return f.read().strip()


AUTH = "Basic " + base64.b64encode((credential("admin-user") + ":" + credential("admin-password")).encode()).decode()


def api(method, path, body=None, ok=(200,)):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(URL + path, data=data, method=method, headers={"Authorization": AUTH, "Content-Type": "application/json", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            return json.loads(raw) if raw else None
    except urllib.error.HTTPError as e:
        if e.code in ok:
            return None
        sys.exit(method + " " + path + ": HTTP " + str(e.code) + " " + e.read().decode(errors="replace")[:300])


def team_id(name, cache={}):
    if name not in cache:
        found = [t for t in api("GET", "/api/teams/search?perpage=1000&name=" + urllib.parse.quote(name))["teams"] if t["name"] == name]
        cache[name] = found[0]["id"] if found else api("POST", "/api/teams", {"name": name})["teamId"]
    return cache[name]


spec = json.load(open("/config/folders.json"))
existing = {f["title"]: f for f in api("GET", "/api/folders?limit=1000")}
listed = set()
for f in spec["folders"]:
    listed.add(f["title"])
    folder = existing.get(f["title"]) or api("POST", "/api/folders", {"uid": f["uid"], "title": f["title"]})
    items = [{"teamId": team_id(t["team"]), "permission": t["permission"]} for t in f["teams"]]
    # Replaces every entry: no Viewer or Editor role entry is left, so only these teams (and org admins) see it.
    api("POST", "/api/folders/" + folder["uid"] + "/permissions", {"items": items})
    if spec.get("teamSync"):
        for t in f["teams"]:
            # Grafana Enterprise: membership follows the identity provider's group (409: already synced).
            api("POST", "/api/teams/" + str(team_id(t["team"])) + "/groups", {"groupId": t["team"]}, ok=(200, 409))
    print("folder " + f["title"] + ": " + (", ".join(t["team"] + "=" + str(t["permission"]) for t in f["teams"]) or "org admins only"))
for title, folder in sorted(existing.items()):
    if title not in listed:
        api("POST", "/api/folders/" + folder["uid"] + "/permissions", {"items": []})
        print("folder " + title + ": not a department's, org admins only")
`;

/** Where the job mounts the chart's admin secret (read as files, never taken into the environment: MLPS3-50). */
const GRAFANA_CREDENTIALS_DIR = '/var/run/secrets/grafana';

/** The ConfigMap the job reads: the departments' folders and the script. */
export function grafanaFoldersConfigMap(folders: readonly GrafanaFolderSpec[], settings: GrafanaFolderSettings): Record<string, unknown> {
  return {
    metadata: { name: GRAFANA_FOLDERS, namespace: HubNamespaces.SYSTEM, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF } },
    data: {
      'folders.json': JSON.stringify({ teamSync: settings.teamSync, folders }, null, 2) + '\n',
      'apply.py': APPLY_SCRIPT,
    },
  };
}

/** The CronJob (batch/v1), hardened as MLPS3-33 wants: no token, non-root, read-only root, no capabilities. */
export function grafanaFoldersCronJob(settings: GrafanaFolderSettings, revision: number): Record<string, unknown> {
  const restricted = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true, runAsNonRoot: true };
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: GRAFANA_FOLDERS, namespace: HubNamespaces.SYSTEM, labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF } },
    spec: {
      schedule: settings.schedule,
      timeZone: 'Asia/Shanghai',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        spec: {
          backoffLimit: 2,
          activeDeadlineSeconds: 600,
          template: {
            // The revision of folders.json: a change shows in the next job's pods.
            metadata: { labels: { [Labels.MANAGED_BY]: MANAGED_BY, [Labels.PART_OF]: PART_OF }, annotations: { 'gov-lz.io/folders-revision': String(revision) } },
            spec: {
              serviceAccountName: GRAFANA_FOLDERS,
              automountServiceAccountToken: false,
              restartPolicy: 'Never',
              // fsGroup: the mounted admin secret is group-readable by the job's user only (MLPS3-50: secrets as files).
              securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [
                {
                  name: 'apply',
                  image: settings.image,
                  imagePullPolicy: 'IfNotPresent',
                  command: ['python', '-B', '/config/apply.py'],
                  env: [
                    { name: 'GRAFANA_URL', value: GRAFANA_URL },
                    { name: 'GF_CREDENTIALS_DIR', value: GRAFANA_CREDENTIALS_DIR },
                  ],
                  resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
                  securityContext: restricted,
                  volumeMounts: [
                    { name: 'config', mountPath: '/config', readOnly: true },
                    { name: 'grafana-admin', mountPath: GRAFANA_CREDENTIALS_DIR, readOnly: true },
                  ],
                },
              ],
              volumes: [
                { name: 'config', configMap: { name: GRAFANA_FOLDERS, defaultMode: 0o444 } },
                {
                  name: 'grafana-admin',
                  secret: {
                    secretName: GRAFANA_SECRET,
                    items: [
                      { key: 'admin-user', path: 'admin-user' },
                      { key: 'admin-password', path: 'admin-password' },
                    ],
                    defaultMode: 0o440,
                  },
                },
              ],
            },
          },
        },
      },
    },
  };
}

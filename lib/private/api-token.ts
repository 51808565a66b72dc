/**
 * A pod that talks to the Kubernetes API without the automounted token (MLPS3-33 container hardening): the
 * ServiceAccount token is projected explicitly — short-lived, audience-bound to the API server — at the path
 * kubectl and the client libraries read, with the cluster CA and the namespace beside it (what the API server's
 * own `kube-api-access` volume holds).
 */

/** Where in-cluster clients read the token, CA and namespace. */
export const API_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

const VOLUME = 'kube-api-access';

/** Pod-spec fields: no automounted token, the projected one as a volume. Spread into the pod spec. */
export function apiTokenPodFields(expirationSeconds = 3607): { automountServiceAccountToken: false; volumes: Record<string, unknown>[] } {
  return {
    automountServiceAccountToken: false,
    volumes: [
      {
        name: VOLUME,
        projected: {
          defaultMode: 0o444,
          sources: [
            { serviceAccountToken: { path: 'token', expirationSeconds } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
        },
      },
    ],
  };
}

/** The container's mount of that volume, read-only. */
export function apiTokenVolumeMount(): Record<string, unknown> {
  return { name: VOLUME, mountPath: API_TOKEN_PATH, readOnly: true };
}

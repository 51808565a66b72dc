import { personalInformationProtected } from '../../../lib/compliance/rules/personal-information/personal-information-protected';
import { addManifest, check, namespace, networkPolicy, province } from '../helpers';

const PI = { 'gov-lz.io/personal-information': 'true', 'gov-lz.io/zone': 'data' };

describe('MLPS3-34 personal information is reachable by its department only', () => {
  test('not applicable where no namespace says it holds personal information (the item stays 未检查)', () => {
    expect(check(personalInformationProtected, province().app).result.status).toBe('not-applicable');
  });

  test('compliant: closed both ways, bound to its own department only', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'pi-ns', namespace('hukou', PI));
    addManifest(hub.hubStack, 'pi-deny', networkPolicy('hukou', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
    const { findings, result } = check(personalInformationProtected, app);
    expect(findings).toEqual([]);
    expect(result).toMatchObject({ status: 'compliant', checked: 1 });
  });

  test('non-compliant: open namespace, and a platform group bound to edit (Secrets, exec) in it', () => {
    const { app, hub } = province();
    addManifest(hub.hubStack, 'pi-ns', namespace('hukou', PI));
    addManifest(hub.hubStack, 'pi-edit', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ops-edit', namespace: 'hukou' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
      subjects: [{ kind: 'Group', name: 'zj-system-admins' }],
    });
    expect(check(personalInformationProtected, app).messages).toEqual([
      'error: Namespace "hukou" on cluster "hz-a-core" holds personal information but has no default-deny egress policy',
      'error: Namespace "hukou" on cluster "hz-a-core" holds personal information but has no default-deny ingress policy',
      'error: Namespace "hukou" on cluster "hz-a-core" holds personal information, and Group zj-system-admins (RoleBinding "ops-edit") can read its Secrets or config or open a shell in its pods without being its department',
    ]);
  });
});

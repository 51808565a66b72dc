/**
 * The province the end-to-end suite deploys: the demo of examples/province (every feature of it), pointed at the
 * local control planes, with the charts from local folders, state in a real PostgreSQL, and one extra department
 * (省审计厅, `sjj`) that the suite moves between industry clouds and removes:
 *
 *   GOV_LZ_KUBECONFIG      kubeconfig of the planes (contexts hz-a-core, hz-b-core, ali-burst)
 *   GOV_LZ_E2E_CHARTS      file:// folder of the local charts
 *   GOV_LZ_E2E_BACKEND     pg (PG_CONN_STR, PGPASSWORD from the environment) or local (default)
 *   GOV_LZ_E2E_SCENARIO    base (sjj in education) | moved (sjj in health, movedFrom education) | removed (no sjj)
 *                          | failover (as moved, with the PostgreSQL primary moved to hz-b-core: site hz-a is lost)
 *   GOV_LZ_E2E_ALLOW_DESTROY=1   the shelf's data stores lose prevent_destroy (for the final teardown)
 */
import { App } from 'cdktf';
import { buildProvince } from '../../../examples/province/province';
import { StateBackend } from '../../../lib';

const env = process.env;
const scenario = env.GOV_LZ_E2E_SCENARIO ?? 'base';
if (!['base', 'moved', 'removed', 'failover'].includes(scenario)) throw new Error(`GOV_LZ_E2E_SCENARIO must be base, moved, removed or failover, not ${scenario}`);

const app = new App();
const hub = buildProvince(app, 'zj', {
  kubeconfig: env.GOV_LZ_KUBECONFIG,
  chartRepository: env.GOV_LZ_E2E_CHARTS,
  stateBackend: env.GOV_LZ_E2E_BACKEND === 'pg' ? StateBackend.pg() : StateBackend.local(),
  allowDestroy: env.GOV_LZ_E2E_ALLOW_DESTROY === '1',
  ...(scenario === 'failover' ? { postgresPrimaryCluster: 'hz-b-core' } : {}),
});
const sjj = { displayName: '省审计厅', quota: { cpu: 8, memoryGi: 32, storageGi: 128, pods: 50 }, admins: ['sjj-admins'] };
if (scenario === 'base') hub.industryCloud('education').addTenant('sjj', sjj);
if (scenario === 'moved' || scenario === 'failover') hub.industryCloud('health').addTenant('sjj', { ...sjj, movedFrom: { industryCloud: 'education' } });
app.synth();

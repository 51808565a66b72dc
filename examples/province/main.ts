import { App } from 'cdktf';
import { buildProvince } from './province';

const app = new App();
// On the local control planes (npm run e2e:up, then `source <planes>/env.sh`): their kubeconfig and the local charts.
buildProvince(app, 'zj', { kubeconfig: process.env.GOV_LZ_KUBECONFIG || undefined, chartRepository: process.env.GOV_LZ_CHARTS || undefined });
app.synth();

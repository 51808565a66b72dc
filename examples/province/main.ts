import { App } from 'cdktf';
import { buildProvince } from './province';

const app = new App();
buildProvince(app);
app.synth();

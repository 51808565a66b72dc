/**
 * One measurement, in a fresh process: `node bench/.out/bench/child.js <scenario> <tenants> <outdir> [province]`.
 *
 * Prints one JSON line: phase timings (ms since the process started, from `performance.now()`), peak RSS
 * (`process.resourceUsage().maxRSS`) and, for the micro JSON scenario, the `JSON.stringify` time. The parent
 * (run.ts) measures the wall time of the whole process, module loading included, and counts the resources.
 * Modules are required inside each scenario so that a scenario loads only what it uses.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'fs';
import * as path from 'path';

/** What a child reports. */
export interface ChildReport {
  readonly scenario: string;
  /** Node start-up until this script ran. */
  readonly bootMs: number;
  /** Requiring the framework and the app's modules. */
  readonly loadMs: number;
  /** Building the construct tree. */
  readonly buildMs: number;
  /** Synthesizing (writing the output). */
  readonly synthMs: number;
  readonly maxRssKb: number;
  /** User + system CPU time of the process (less sensitive than wall time to other load on the machine). */
  readonly cpuMs: number;
  /** Micro JSON only: time spent in JSON.stringify. */
  readonly stringifyMs?: number;
}

export const SCENARIOS = ['ours', 'raw-cdktf', 'cdk8s', 'micro-raw-cdktf', 'micro-cdk8s', 'micro-json'] as const;
export type Scenario = (typeof SCENARIOS)[number];

function main(): void {
  const boot = performance.now();
  const [scenario, tenantsArg, outdir, province] = process.argv.slice(2);
  const tenants = Number(tenantsArg);
  let load = 0;
  let build = 0;
  let stringifyMs: number | undefined;
  switch (scenario as Scenario) {
    case 'ours': {
      const { App } = require('cdktf') as typeof import('cdktf');
      const { buildOurs } = require('./ours') as typeof import('./ours');
      const { benchSpec } = require('./spec') as typeof import('./spec');
      load = performance.now();
      const app = new App({ outdir });
      buildOurs(app, benchSpec(tenants, province));
      build = performance.now();
      app.synth();
      break;
    }
    case 'raw-cdktf': {
      const { App } = require('cdktf') as typeof import('cdktf');
      const { buildRawCdktf } = require('./raw-cdktf') as typeof import('./raw-cdktf');
      const { benchSpec } = require('./spec') as typeof import('./spec');
      load = performance.now();
      const app = new App({ outdir });
      buildRawCdktf(app, benchSpec(tenants, province));
      build = performance.now();
      app.synth();
      break;
    }
    case 'cdk8s': {
      const { App } = require('cdk8s') as typeof import('cdk8s');
      const { buildCdk8s } = require('./cdk8s') as typeof import('./cdk8s');
      const { benchSpec } = require('./spec') as typeof import('./spec');
      load = performance.now();
      const app = new App({ outdir });
      buildCdk8s(app, benchSpec(tenants, province));
      build = performance.now();
      app.synth();
      break;
    }
    case 'micro-raw-cdktf': {
      const { App } = require('cdktf') as typeof import('cdktf');
      const { microRawCdktf } = require('./micro') as typeof import('./micro');
      load = performance.now();
      const app = new App({ outdir });
      microRawCdktf(app, tenants);
      build = performance.now();
      app.synth();
      break;
    }
    case 'micro-cdk8s': {
      const { App } = require('cdk8s') as typeof import('cdk8s');
      const { microCdk8s } = require('./micro') as typeof import('./micro');
      load = performance.now();
      const app = new App({ outdir });
      microCdk8s(app, tenants);
      build = performance.now();
      app.synth();
      break;
    }
    case 'micro-json': {
      const { microTerraformJson } = require('./micro') as typeof import('./micro');
      load = performance.now();
      const doc = microTerraformJson(tenants);
      build = performance.now();
      const text = JSON.stringify(doc, null, 2);
      stringifyMs = performance.now() - build;
      fs.mkdirSync(path.join(outdir, 'stacks', 'micro'), { recursive: true });
      fs.writeFileSync(path.join(outdir, 'stacks', 'micro', 'cdk.tf.json'), text);
      break;
    }
    default:
      throw new Error(`unknown scenario ${scenario}; known: ${SCENARIOS.join(', ')}`);
  }
  const end = performance.now();
  const usage = process.resourceUsage();
  const report: ChildReport = {
    scenario,
    bootMs: boot,
    loadMs: load - boot,
    buildMs: build - load,
    synthMs: end - build,
    maxRssKb: usage.maxRSS,
    cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
    stringifyMs,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (require.main === module) main();

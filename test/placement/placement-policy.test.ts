import { CpuArch, NodePool } from '../../lib';
import { artifact, hubProps, newHub, stackJson, synthProblems } from '../helpers';
import { synthDemo } from '../review/fixtures';

const summary = (app: Parameters<typeof synthProblems>[0]) => synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}: ${p.message} | ${p.fix}`);

describe('the dedicated line', () => {
  test('CIDRs must be valid, canonical, not everything, listed once', () => {
    const { app } = newHub({ dedicatedLineCidrs: ['10.20.0.0/24', '10.20.0.0', '0.0.0.0/0', '10.21.0.5/24', '10.20.0.0/24'] });
    expect(summary(app)).toEqual([
      'invalid-cidr zj "10.20.0.0": dedicatedLineCidrs: "10.20.0.0" is not an IPv4 or IPv6 address block in CIDR notation (e.g. 10.20.0.0/24) | write each block as address/prefix, e.g. \'10.20.0.0/24\'',
      "invalid-cidr zj \"0.0.0.0/0\": dedicatedLineCidrs holds a block of every address, which would let burst namespaces on public clusters connect anywhere | list only the private API gateway's addresses reachable over the dedicated line, e.g. '10.20.0.0/24'",
      'invalid-cidr zj "10.21.0.5/24": dedicatedLineCidrs: 10.21.0.5/24 has host bits set | write it as 10.21.0.0/24',
      'duplicate zj "10.20.0.0/24": dedicatedLineCidrs lists 10.20.0.0/24 twice | list each block once',
    ]);
  });

  test('ports must be ports, at least one', () => {
    const { app } = newHub({ dedicatedLineCidrs: ['fd00:20::/64'], dedicatedLinePorts: [443, 70000] });
    expect(summary(app)).toEqual(['invalid-port zj 70000: dedicatedLinePorts holds a value that is not a port | use port numbers from 1 to 65535']);
    const empty = newHub({ dedicatedLineCidrs: ['10.20.0.0/24'], dedicatedLinePorts: [] });
    expect(synthProblems(empty.app).map((p) => p.code)).toEqual(['invalid-port']);
  });

  test('not a list', () => {
    const { app } = newHub({ dedicatedLineCidrs: '10.20.0.0/24' as unknown as string[] });
    expect(synthProblems(app).map((p) => `${p.code}: ${p.message}`)).toEqual(['invalid-value: dedicatedLineCidrs must be a list of CIDRs']);
  });

  test('published in the hub contract, for city projects whose tenants burst', () => {
    const { app } = newHub({ dedicatedLineCidrs: ['10.20.0.0/24'] });
    app.synth();
    const contract = stackJson(app, 'zj-hub').output.contract.value;
    expect(contract.dedicatedLineCidrs).toEqual(['10.20.0.0/24']);
    expect(contract.dedicatedLinePorts).toEqual([443]);
  });
});

test('node pools: named once, with valid labels and architecture', () => {
  const bad: NodePool[] = [
    { name: 'kunpeng', nodeLabels: { 'node.gov-lz.io/pool': 'kunpeng' } },
    { name: 'kunpeng', nodeLabels: { 'node.gov-lz.io/pool': 'kunpeng 2' } },
    { name: '', nodeLabels: {} },
    { name: 'odd', nodeLabels: { 'Bad_Prefix/pool': 'x' }, arch: 'riscv' as unknown as CpuArch },
  ];
  const props = hubProps();
  const { app } = newHub({ clusters: props.clusters.map((c) => (c.name === 'hz-a-core' ? { ...c, nodePools: bad } : c)) });
  expect(synthProblems(app).map((p) => `${p.code} ${p.path} ${JSON.stringify(p.value)}`)).toEqual([
    'duplicate zj/clusters/hz-a-core/nodePools/kunpeng "kunpeng"',
    'invalid-label zj/clusters/hz-a-core/nodePools/kunpeng "node.gov-lz.io/pool=kunpeng 2"',
    'missing-value zj/clusters/hz-a-core/nodePools/ ""',
    'missing-value zj/clusters/hz-a-core/nodePools/ {}',
    'invalid-value zj/clusters/hz-a-core/nodePools/odd "riscv"',
    'invalid-label zj/clusters/hz-a-core/nodePools/odd "Bad_Prefix/pool=x"',
  ]);
});

test('the demo province: placementPolicy section of the inventory', () => {
  // The run's synth of the demo (test/review/fixtures.ts), a copy of its own.
  const app = { outdir: synthDemo() };
  const zj = JSON.parse(artifact(app, 'inventory.json')).provinces[0];
  expect(zj.placementPolicy).toEqual({
    registryAllowList: {
      registry: 'harbor.zj.gov.internal',
      imagePrefix: 'harbor.zj.gov.internal/',
      policy: 'gov-lz-registry-allow-list',
      clusters: ['hz-a-core', 'hz-b-core', 'ali-burst'],
    },
    dedicatedLineCidrs: ['10.200.0.0/24'],
    dedicatedLinePorts: [443],
    domesticHardwarePolicy: { policy: 'gov-lz-domestic-hardware', clusters: ['hz-a-core', 'hz-b-core'] },
    domesticHardwareIndustryClouds: ['egov'],
    domesticHardwareTenants: ['dsj', 'gat', 'mzt', 'rst', 'zwfw'],
    burstingTenants: [{ tenant: 'ksy', industryCloud: 'education', cluster: 'ali-burst', maxCpu: 128, maxMemoryGi: 512, maxPods: 600 }],
  });
  const ksy = zj.tenants.find((t: any) => t.code === 'ksy');
  expect(ksy.placements.map((p: any) => `${p.cluster}/${p.cloud}`)).toEqual(['hz-a-core/PRIVATE', 'hz-b-core/PRIVATE', 'ali-burst/PUBLIC']);
  expect(ksy.burst).toEqual({
    cluster: 'ali-burst',
    namespace: 'ksy',
    maxCpu: 128,
    maxMemoryGi: 512,
    maxPods: 600,
    maxStorageGi: 0,
    egressCidrs: ['10.200.0.0/24'],
    egressPorts: [443],
  });
  const egov = zj.tenants.filter((t: any) => t.industryCloud === 'egov');
  for (const t of egov) expect(t.domesticHardware.requiredBy).toBe('industryCloud');
  expect(zj.tenants.every((t: any) => ['GENERAL', 'IMPORTANT', 'CORE'].includes(t.dataClass))).toBe(true);
});

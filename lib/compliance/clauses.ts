/**
 * The GB/T 22239-2019 level-3 control points the MLPS pack cites, and how sure each number is.
 *
 * Source: docs/mlps-l3-catalog.md §2 (control points) and mlps-items.ts (the items and their text) ("Verification of clause numbering"). The official text was not
 * consulted; numbers marked † there were inferred from the standard's order, not seen written in any source,
 * and most item letters were assigned by position. The reports carry that uncertainty (`clauseConfidence`).
 */

/** How sure the pack is of a cited clause. */
export type ClauseConfidence =
  /** Number and item letter both seen written in at least one source. */
  | 'confirmed'
  /** Number seen in sources; the item letter assigned by its position among the level-3 items. */
  | 'letter-by-position'
  /** Number seen in a single source only (⚠ in the catalog). */
  | 'single-source'
  /** Number inferred from the standard's order, not seen in any source († in the catalog). */
  | 'inferred';

/** One control point (a clause without its item letter). */
export interface ControlPoint {
  /** e.g. `8.1.3.2`. */
  readonly number: string;
  readonly title: string;
  readonly titleZh: string;
  /** The layer of the standard, e.g. `安全区域边界 Area boundary`. */
  readonly sectionZh: string;
  readonly section: string;
  /** How the number itself was established. */
  readonly numberConfidence: 'confirmed' | 'single-source' | 'inferred';
  /** Item letters seen written in a source; all others were assigned by position. */
  readonly lettersSeen: string;
}

import { mlpsItem } from './mlps-items';

const G = (section: string, sectionZh: string) => ({ section, sectionZh });
const NET = G('Secure communication network', '安全通信网络');
const BND = G('Secure area boundary', '安全区域边界');
const ENV = G('Secure computing environment', '安全计算环境');
const SMC = G('Security management centre', '安全管理中心');
const CLOUD = (s: string, zh: string) => G(`Cloud extension – ${s}`, `云计算安全扩展要求 – ${zh}`);

const points: ControlPoint[] = [
  { number: '8.1.2.1', title: 'Network architecture', titleZh: '网络架构', ...NET, numberConfidence: 'confirmed', lettersSeen: 'bc' },
  { number: '8.1.2.2', title: 'Communication transmission', titleZh: '通信传输', ...NET, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.2.3', title: 'Trusted verification', titleZh: '可信验证', ...NET, numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.1.3.1', title: 'Boundary protection', titleZh: '边界防护', ...BND, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.3.2', title: 'Access control', titleZh: '访问控制', ...BND, numberConfidence: 'confirmed', lettersSeen: 'abcde' },
  { number: '8.1.3.3', title: 'Intrusion prevention', titleZh: '入侵防范', ...BND, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.3.4', title: 'Malicious code and spam prevention', titleZh: '恶意代码和垃圾邮件防范', ...BND, numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.1.3.5', title: 'Security audit', titleZh: '安全审计', ...BND, numberConfidence: 'confirmed', lettersSeen: 'abcd' },
  { number: '8.1.3.6', title: 'Trusted verification', titleZh: '可信验证', ...BND, numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.1.4.1', title: 'Identification and authentication', titleZh: '身份鉴别', ...ENV, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.4.2', title: 'Access control', titleZh: '访问控制', ...ENV, numberConfidence: 'confirmed', lettersSeen: 'abcdefg' },
  { number: '8.1.4.3', title: 'Security audit', titleZh: '安全审计', ...ENV, numberConfidence: 'confirmed', lettersSeen: 'abcd' },
  { number: '8.1.4.4', title: 'Intrusion prevention', titleZh: '入侵防范', ...ENV, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.4.5', title: 'Malicious code prevention', titleZh: '恶意代码防范', ...ENV, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.4.6', title: 'Trusted verification', titleZh: '可信验证', ...ENV, numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.1.4.7', title: 'Data integrity', titleZh: '数据完整性', ...ENV, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.4.8', title: 'Data confidentiality', titleZh: '数据保密性', ...ENV, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.4.9', title: 'Data backup and recovery', titleZh: '数据备份恢复', ...ENV, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.4.10', title: 'Residual information protection', titleZh: '剩余信息保护', ...ENV, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.4.11', title: 'Personal information protection', titleZh: '个人信息保护', ...ENV, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.5.1', title: 'System management', titleZh: '系统管理', ...SMC, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.5.2', title: 'Audit management', titleZh: '审计管理', ...SMC, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.1.5.3', title: 'Security management', titleZh: '安全管理', ...SMC, numberConfidence: 'single-source', lettersSeen: 'ab' },
  { number: '8.1.5.4', title: 'Centralised management and control', titleZh: '集中管控', ...SMC, numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.2.1.1', title: 'Infrastructure location', titleZh: '基础设施位置', ...CLOUD('physical environment', '安全物理环境'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.2.1', title: 'Network architecture', titleZh: '网络架构', ...CLOUD('communication network', '安全通信网络'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.3.1', title: 'Access control', titleZh: '访问控制', ...CLOUD('area boundary', '安全区域边界'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.3.2', title: 'Intrusion prevention', titleZh: '入侵防范', ...CLOUD('area boundary', '安全区域边界'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.3.3', title: 'Security audit', titleZh: '安全审计', ...CLOUD('area boundary', '安全区域边界'), numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.2.4.1', title: 'Identification and authentication', titleZh: '身份鉴别', ...CLOUD('computing environment', '安全计算环境'), numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.2.4.2', title: 'Access control', titleZh: '访问控制', ...CLOUD('computing environment', '安全计算环境'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.4.3', title: 'Intrusion prevention', titleZh: '入侵防范', ...CLOUD('computing environment', '安全计算环境'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.4.4', title: 'Image and snapshot protection', titleZh: '镜像和快照保护', ...CLOUD('computing environment', '安全计算环境'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.4.5', title: 'Data integrity and confidentiality', titleZh: '数据完整性和保密性', ...CLOUD('computing environment', '安全计算环境'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.4.6', title: 'Data backup and recovery', titleZh: '数据备份恢复', ...CLOUD('computing environment', '安全计算环境'), numberConfidence: 'confirmed', lettersSeen: '' },
  { number: '8.2.4.7', title: 'Residual information protection', titleZh: '剩余信息保护', ...CLOUD('computing environment', '安全计算环境'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.5.1', title: 'Centralised management and control', titleZh: '集中管控', ...CLOUD('security management centre', '安全管理中心'), numberConfidence: 'inferred', lettersSeen: '' },
  { number: '8.2.7.1', title: 'Cloud environment management', titleZh: '云计算环境管理', ...CLOUD('security operations management', '安全运维管理'), numberConfidence: 'inferred', lettersSeen: '' },
];

/** Control points by number. */
export const CONTROL_POINTS: ReadonlyMap<string, ControlPoint> = new Map(points.map((p) => [p.number, p]));

/** A cited clause, split into its control point and item letter. */
export interface ClauseInfo {
  /** As cited, e.g. `8.2.2.1 b`. */
  readonly clause: string;
  readonly point: ControlPoint;
  readonly letter: string;
  readonly confidence: ClauseConfidence;
}

const CLAUSE = /^(\d+(?:\.\d+){3}) ([a-g])$/;

/** Parses a cited clause (`<control point> <letter>`); undefined when the pack does not know it. */
export function clauseInfo(clause: string): ClauseInfo | undefined {
  const m = CLAUSE.exec(clause);
  if (!m) return undefined;
  const point = CONTROL_POINTS.get(m[1]);
  // A letter past the control point's last level-3 item is no item.
  if (!point || !mlpsItem(clause)) return undefined;
  const letter = m[2];
  let confidence: ClauseConfidence;
  if (point.numberConfidence === 'inferred') confidence = 'inferred';
  else if (point.numberConfidence === 'single-source') confidence = 'single-source';
  else confidence = point.lettersSeen.includes(letter) ? 'confirmed' : 'letter-by-position';
  return { clause, point, letter, confidence };
}

/** The mark a report puts beside a clause: † inferred number, ⚠ single source, ‡ letter by position. */
export function confidenceMark(c: ClauseConfidence): string {
  switch (c) {
    case 'inferred':
      return '†';
    case 'single-source':
      return '⚠';
    case 'letter-by-position':
      return '‡';
    default:
      return '';
  }
}

/** Sorts clauses in the standard's order (8.1.2.1 a < 8.1.2.1 b < 8.1.10 …). */
export function compareClauses(a: string, b: string): number {
  const pa = a.split(/[. ]/);
  const pb = b.split(/[. ]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const nx = Number(x);
    const ny = Number(y);
    if (Number.isInteger(nx) && Number.isInteger(ny) && x !== '' && y !== '') return nx - ny;
    return x.localeCompare(y);
  }
  return 0;
}

/** The caveat every report repeats. */
export const CLAUSE_CAVEAT =
  'Clause numbers follow GB/T 22239-2019 chapter 8 as reconstructed from public sources, not from the official text. ' +
  "† = number inferred from the standard's order (not seen in any source); ⚠ = number seen in one source only; " +
  '‡ = item letter assigned by position among the level-3 items. Check every marked clause against the official standard before relying on it in an assessment.';

/**
 * Helm releases rendered outside synth, so that the workload and RBAC rules see the objects inside the charts.
 *
 * Synth stays hermetic and tool-free: `npm run charts:render` (scripts/render-charts.ts) reads the helm_release
 * resources of a synthesized output folder, renders each release whose chart sources it can obtain (`helm template`
 * with the release's own values, or the operator's release manifest at the chart's app version) and writes a folder
 * with `index.json` and one YAML file per release (each object one line of JSON, which is YAML). The pack reads that folder (`renderedCharts`): each object becomes
 * a resource of its release (same stack, cluster and construct path; address `<release address>[<source>#<kind>…]`),
 * and a release that was not rendered, or whose values changed since, is listed as not rendered, so that the items
 * those rules cite are 未检查 rather than 不适用.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { stableJson } from '../private/stable-json';

/** Version of `index.json`. */
export const RENDERED_CHARTS_SCHEMA_VERSION = 1;

/** How completely a rendered release shows what the release installs. */
export type RenderCoverage =
  /** `helm template` of the chart at its version with the release's values: every object the release installs. */
  | 'chart'
  /** The operator's own release manifest at the chart's app version, moved into the release's namespace; the release's values are not applied. */
  | 'release-manifest'
  /** Only part of the release's objects (e.g. the operator of a stack chart whose other components have no obtainable source). */
  | 'partial';

/** One release of `index.json`. */
export interface RenderedReleaseEntry {
  /** Stack id, e.g. `zj-platform-hz-a-core`. */
  readonly stack: string;
  /** `helm_release.<name>`. */
  readonly address: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  /** {@link releaseDigest} of the helm_release the render was made from. */
  readonly digest: string;
  readonly status: 'rendered' | 'not-rendered';
  /** For rendered releases. */
  readonly coverage?: RenderCoverage;
  /** Where the templates or manifests came from: a Go module version and the path inside it. */
  readonly source?: { readonly module: string; readonly version: string; readonly path: string };
  /** The rendered manifests, relative to the folder. */
  readonly file?: string;
  /** Why a release was not rendered, or what a partial render leaves out. */
  readonly reason?: string;
}

/** `index.json` of a rendered-charts folder. */
export interface RenderedChartsIndex {
  readonly schemaVersion: number;
  /** The tool that rendered, e.g. `helm v3.21.4`. */
  readonly renderer: string;
  readonly releases: readonly RenderedReleaseEntry[];
}

/** One object of a rendered release. */
export interface RenderedObject {
  /** The template (`yurt-manager/templates/rbac.yaml`) or manifest (`releases/cnpg-1.30.0.yaml`) it came from. */
  readonly source: string;
  readonly object: Record<string, any>;
}

/** A release as the pack reads it. */
export interface RenderedRelease extends RenderedReleaseEntry {
  readonly objects: readonly RenderedObject[];
  /** The manifest file as the folder was given plus the index's `file` (e.g. `rendered-charts/<stack>/<release>.yaml`). */
  readonly manifest?: string;
}

/** The rendered releases of one or more folders, by `<stack>\0<address>`. */
export interface RenderedCharts {
  readonly folders: readonly string[];
  readonly releases: ReadonlyMap<string, RenderedRelease>;
  /** `sha256:` over the index entries and manifests read, for the run facts. */
  readonly digest: string;
}

/** The key of a release in {@link RenderedCharts.releases}. */
export function releaseKey(stack: string, address: string): string {
  return `${stack}\u0000${address}`;
}

/** What of a helm_release decides its objects: a render is stale when this changes. */
export function releaseDigest(body: Readonly<Record<string, any>>): string {
  const pick = ['name', 'namespace', 'repository', 'chart', 'version', 'values', 'set'];
  const subset = Object.fromEntries(pick.filter((k) => body[k] !== undefined).map((k) => [k, body[k]]));
  return `sha256:${createHash('sha256').update(stableJson(subset)).digest('hex')}`;
}

/** The name of a chart as helm_release gives it: the chart name, or the last folder of a local chart path. */
export function chartName(chart: unknown): string {
  const s = String(chart ?? '');
  return s.includes('/') ? s.replace(/\/+$/, '').split('/').pop()! : s;
}

/**
 * The objects of a multi-document YAML stream, each with the template it came from: helm's `# Source: <path>` comment,
 * else `fallbackSource`. Empty documents and non-objects are left out.
 *
 * `npm run charts:render` writes each document as one line of JSON (JSON is YAML, so kubectl and any YAML reader take
 * the files as they are): such a stream is read with `JSON.parse`, dozens of times faster than the YAML parser (the
 * demo's 1.7 MB: about 20 ms instead of half a second). Any other stream — YAML written by hand or by helm, pretty
 * JSON — goes through the YAML parser.
 */
export function parseManifests(text: string, fallbackSource: string): RenderedObject[] {
  return parseJsonLines(text, fallbackSource) ?? parseYamlManifests(text, fallbackSource);
}

/**
 * The manifest file of a rendered release as `npm run charts:render` writes it: per object, `---`, helm's
 * `# Source: <template>` comment and the object as one line of JSON (valid YAML; {@link parseManifests} reads it
 * without the YAML parser).
 */
export function manifestsText(objects: readonly RenderedObject[]): string {
  return objects.map((d) => `---\n# Source: ${d.source}\n${JSON.stringify(d.object)}\n`).join('');
}

/**
 * The stream as `charts:render` writes it — documents of `---`, comment lines, then one line holding a JSON object —
 * read without the YAML parser, giving what the YAML parser gives for it; undefined for any other stream (a line that
 * is neither, a second value in one document, a comment after the value, text that is not JSON).
 */
function parseJsonLines(text: string, fallbackSource: string): RenderedObject[] | undefined {
  const out: RenderedObject[] = [];
  let source: string | undefined;
  let filled = false;
  let marker = false;
  for (const line of text.split('\n')) {
    if (line === '---') {
      // Comments before the first marker belong to the first document; those of an empty document to none.
      if (marker) source = undefined;
      marker = true;
      filled = false;
      continue;
    }
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (filled) return undefined;
      source ??= /^#\s*Source:\s*(\S+)/.exec(line)?.[1];
      continue;
    }
    if (filled || !line.startsWith('{')) return undefined;
    let object: unknown;
    try {
      object = JSON.parse(line);
    } catch {
      return undefined;
    }
    filled = true;
    if (typeof (object as { kind?: unknown }).kind === 'string') out.push({ source: source ?? fallbackSource, object: object as Record<string, any> });
    source = undefined;
  }
  return out;
}

function parseYamlManifests(text: string, fallbackSource: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${fallbackSource}: ${doc.errors[0].message}`);
    const object = doc.toJS();
    if (object === null || typeof object !== 'object' || Array.isArray(object) || typeof object.kind !== 'string') continue;
    // helm writes `---\n# Source: <template>` before each document; the parser attaches the comment to the document or to its first node.
    const comment = `${doc.commentBefore ?? ''}\n${(doc.contents as { commentBefore?: string } | null)?.commentBefore ?? ''}`;
    const m = /(?:^|\n)\s*Source:\s*(\S+)/.exec(comment);
    out.push({ source: m ? m[1] : fallbackSource, object });
  }
  return out;
}

/**
 * Parsed manifests by content: a process that synthesizes several times (tests, a watch) parses each render once (a
 * folder written as YAML takes the YAML parser about half a second for the demo's 1.7 MB); a copy is returned, since
 * the objects become resources that later code may annotate.
 */
const PARSED = new Map<string, RenderedObject[]>();
const PARSED_MAX = 256;

function parsedOnce(text: string, fallbackSource: string): RenderedObject[] {
  const key = `${createHash('sha256').update(text).digest('hex')}\u0000${fallbackSource}`;
  let objects = PARSED.get(key);
  if (!objects) {
    objects = parseManifests(text, fallbackSource);
    if (PARSED.size >= PARSED_MAX) PARSED.delete(PARSED.keys().next().value!);
    PARSED.set(key, objects);
  }
  return structuredClone(objects);
}

/** Reads rendered-charts folders (written by `npm run charts:render`); throws an Error naming the file at fault. */
export function loadRenderedCharts(folders: readonly string[]): RenderedCharts {
  const releases = new Map<string, RenderedRelease>();
  const h = createHash('sha256');
  for (const folder of folders) {
    const indexFile = path.join(path.resolve(folder), 'index.json');
    if (!fs.existsSync(indexFile)) throw new Error(`${indexFile} does not exist: render the charts with npm run charts:render -- --out <synth output> --charts ${folder}`);
    const index = JSON.parse(fs.readFileSync(indexFile, 'utf8')) as RenderedChartsIndex;
    if (index?.schemaVersion !== RENDERED_CHARTS_SCHEMA_VERSION || !Array.isArray(index.releases)) {
      throw new Error(`${indexFile} is not a rendered-charts index of schema version ${RENDERED_CHARTS_SCHEMA_VERSION}`);
    }
    for (const e of index.releases) {
      let objects: RenderedObject[] = [];
      if (e.status === 'rendered') {
        if (typeof e.file !== 'string' || e.file.includes('..')) throw new Error(`${indexFile}: release ${e.address} names no manifest file inside the folder`);
        const text = fs.readFileSync(path.join(path.resolve(folder), e.file), 'utf8');
        h.update(`${e.stack}\u0000${e.address}\u0000${text}`);
        objects = parsedOnce(text, e.source ? `${e.source.module}@${e.source.version}/${e.source.path}` : e.file);
      }
      h.update(stableJson(e));
      releases.set(releaseKey(e.stack, e.address), { ...e, objects, ...(typeof e.file === 'string' ? { manifest: path.join(folder, e.file) } : {}) });
    }
  }
  return { folders: [...folders], releases, digest: `sha256:${h.digest('hex')}` };
}

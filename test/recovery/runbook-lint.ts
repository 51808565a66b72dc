/**
 * The runbook linter: extracts every command from the fenced `sh` blocks of a runbook and holds each kubectl, velero
 * and kubectl-cnpg invocation to the rules of a command run at 3 a.m. on the wrong terminal:
 * - it names its kube context (`kubectl --context`, `velero --kubecontext`);
 * - resources are fully qualified (`clusters.postgresql.cnpg.io/postgres`, never `cluster postgres`); core resources
 *   by their plural name (`namespaces`, `pods`), never a short name (`ns`, `po`, `pvc`);
 * - a command that changes or deletes something runs only behind `confirm '<context>' '<target>' &&`, on the same
 *   context, with the target naming what it changes;
 * - namespaced commands say their namespace.
 */

/** One finding: the line and what is wrong. */
export interface LintFinding {
  readonly line: string;
  readonly problem: string;
}

/** Commands of the fenced `sh` blocks of a Markdown document (indented blocks too), one per line. */
export function extractCommands(md: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const raw of md.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      inside = line === '```sh' ? true : false;
      continue;
    }
    if (inside && line && !line.startsWith('#')) out.push(line);
  }
  return out;
}

const CORE = new Set(['namespaces', 'pods', 'persistentvolumeclaims', 'services', 'configmaps', 'resourcequotas', 'events', 'nodes', 'secrets', 'endpoints', 'serviceaccounts']);
const VALUE_FLAGS = new Set([
  '--context',
  '-n',
  '--namespace',
  '--type',
  '-p',
  '--patch',
  '--patch-file',
  '-o',
  '--output',
  '-c',
  '--container',
  '-f',
  '--filename',
  '--raw',
  '-l',
  '--selector',
  '--kubecontext',
]);
const CHANGING = new Set(['delete', 'patch', 'annotate', 'label', 'create', 'apply', 'replace', 'scale', 'edit', 'drain', 'cordon', 'uncordon', 'taint', 'set', 'rollout']);
const CLUSTER_SCOPED_OK = new Set(['namespaces', 'nodes']);

/** Splits a shell line into its invocations of kubectl and velero, with where each starts. */
function invocations(line: string): Array<{ at: number; text: string }> {
  const out: Array<{ at: number; text: string }> = [];
  // A program word: at the start, or after a space or `$(`, and followed by a space (not `velero.io`, not a file name).
  const re = /(?<=^|[\s(])(kubectl|velero)(?=\s)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    const rest = line.slice(m.index);
    const end = rest.search(/\$\(|&&|\|\||\||;|\)(?!')/);
    out.push({ at: m.index, text: end < 0 ? rest : rest.slice(0, end) });
  }
  return out;
}

function tokens(text: string): string[] {
  return (text.match(/"(?:[^"\\]|\\.)*"|'[^']*'|\S+/g) ?? []).map((t) => t.replace(/^["']|["']$/g, ''));
}

/** The flags (with their values) and positional words of one invocation, without the program name. */
function parse(text: string): { flags: Map<string, string>; words: string[] } {
  const t = tokens(text).slice(1);
  const flags = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const x = t[i];
    if (x === '--') break;
    if (x.startsWith('-')) {
      const eq = x.indexOf('=');
      if (eq > 0) flags.set(x.slice(0, eq), x.slice(eq + 1));
      else if (VALUE_FLAGS.has(x)) flags.set(x, t[++i] ?? '');
      else flags.set(x, '');
    } else {
      words.push(x);
    }
  }
  return { flags, words };
}

/** Lints one command line. `manifestName(file)` gives the metadata.name of a generated manifest, when it is one. */
export function lintCommand(line: string, manifestName: (file: string) => string | undefined = () => undefined): LintFinding[] {
  const out: LintFinding[] = [];
  const bad = (problem: string) => out.push({ line, problem });
  const guard = /confirm '([^']*)' '([^']*)' && $/;
  for (const inv of invocations(line)) {
    const program = inv.text.startsWith('velero') ? 'velero' : 'kubectl';
    const { flags, words } = parse(inv.text);
    const context = program === 'velero' ? flags.get('--kubecontext') : flags.get('--context');
    if (!context) bad(`${program} without ${program === 'velero' ? '--kubecontext' : '--context'}: ${inv.text}`);
    const verb = words[0] ?? '';
    const changing =
      program === 'velero'
        ? ['create', 'delete'].includes(words[1] ?? '') || verb === 'delete'
        : CHANGING.has(verb) || (verb === 'cnpg' && ['promote', 'fencing', 'destroy', 'restart'].includes(words[1] ?? ''));
    if (program === 'kubectl' && flags.has('--raw')) continue;
    if (program === 'kubectl' && verb !== 'cnpg') {
      const resourceArg = ['create', 'apply', 'replace'].includes(verb) ? undefined : words[1];
      if (['create', 'apply', 'replace'].includes(verb) && !flags.has('-f') && !flags.has('--filename') && !['configmap', 'secret', 'namespace'].includes(words[1] ?? '')) {
        bad(`${verb} without a generated manifest (-f manifests/…): ${inv.text}`);
      }
      if (resourceArg !== undefined) {
        for (const r of resourceArg.split(',')) {
          const kind = r.split('/')[0];
          if (!CORE.has(kind) && !/^[a-z0-9]+\.[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(kind)) bad(`resource "${kind}" is not fully qualified (plural.group, e.g. clusters.postgresql.cnpg.io): ${inv.text}`);
        }
        const kinds = resourceArg.split(',').map((r) => r.split('/')[0]);
        if (!flags.has('-n') && !flags.has('--namespace') && kinds.some((k) => !CLUSTER_SCOPED_OK.has(k))) bad(`namespaced command without -n: ${inv.text}`);
      }
    }
    if (changing) {
      const before = line.slice(0, inv.at);
      const g = guard.exec(before);
      if (!g) {
        bad(`changes something without confirm '<context>' '<target>' && before it: ${inv.text}`);
        continue;
      }
      if (g[1] !== context) bad(`confirm names context "${g[1]}" but the command runs on "${context}"`);
      const file = flags.get('-f') ?? flags.get('--patch-file');
      const resourceName = (words[1] ?? '').split('/')[1];
      const name = file ? (manifestName(file) ?? resourceName) : resourceName;
      if (name && !g[2].includes(name)) bad(`confirm's target "${g[2]}" does not show what the command changes ("${name}")`);
    }
  }
  return out;
}

/** Every finding of a runbook. */
export function lintRunbook(md: string, manifestName?: (file: string) => string | undefined): LintFinding[] {
  return extractCommands(md).flatMap((c) => lintCommand(c, manifestName));
}

/**
 * The conventions of runbook commands, shared by every feature that writes runbook steps: each command names its
 * kube context, and a command that changes or deletes something runs only after `confirm` showed its target and the
 * operator typed the context back. test/recovery/runbook-lint.test.ts holds every generated runbook to them.
 */

/** The shell function every runbook defines first: shows the target, asks for the context's name, fails otherwise. */
export const CONFIRM_FUNCTION =
  'confirm() { printf \'\\n>>> %s\\n>>> kube context: %s\\nType the kube context to go on: \' "$2" "$1"; read -r answer; [ "$answer" = "$1" ] || { echo \'not confirmed: nothing done\' >&2; return 1; }; }';

/** A value as it can stand inside single quotes in a shell command. */
export function shellWord(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A command that runs only after the operator confirmed its target on its context. */
export function guarded(context: string, target: string, command: string): string {
  return `confirm ${shellWord(context)} ${shellWord(target)} && ${command}`;
}

/** A fenced shell block of commands (a Markdown list item's continuation, indented by `indent`). */
export function shBlock(commands: readonly string[], indent = '   '): string {
  return [`${indent}\`\`\`sh`, ...commands.map((c) => `${indent}${c}`), `${indent}\`\`\``].join('\n');
}

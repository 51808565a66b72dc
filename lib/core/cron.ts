/**
 * The schedule syntax of a Kubernetes CronJob, as the API server checks it on create (batch/v1 validation parses it
 * with robfig/cron's standard parser): five fields (minute hour day-of-month month day-of-week), each a list of `*`,
 * `?`, a value or a range with an optional `/step`; months JAN–DEC and weekdays SUN–SAT by name; or a descriptor
 * (`@daily`, `@weekly`, `@every 6h` …). A time zone in the schedule is refused: it goes to `spec.timeZone`. Also
 * CloudNativePG's ScheduledBackup form (robfig/cron v1: the same fields with the seconds first).
 */

const FIELDS: ReadonlyArray<{ readonly name: string; readonly min: number; readonly max: number; readonly names?: readonly string[] }> = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day of week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];
/** Go's time.ParseDuration, positive: `1h30m`, `90s`, `1.5h`. */
const EVERY = /^@every ((\d+(\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/;

/** Why a CronJob schedule would be refused by the API server, or undefined when it is accepted. */
export function cronScheduleProblem(schedule: unknown): string | undefined {
  return scheduleProblem(schedule, FIELDS, '"0 2 * * 0"', 'a cron line has five: minute hour day-of-month month day-of-week', 'a CronJob takes it from its timeZone only');
}

const SECOND = { name: 'second', min: 0, max: 59 } as const;

/**
 * Why a CloudNativePG ScheduledBackup schedule would be refused or misread, or undefined when it is fine: its webhook
 * parses it with robfig/cron's v1 parser, six fields with the seconds first (`0 0 2 * * *` is 02:00 daily) or a
 * descriptor. A five-field line, which that parser also takes (with the weekday left out), is refused here: it is a
 * Kubernetes CronJob line read one field off (`0 2 * * *` would back up at minute 2 of every hour).
 */
export function cnpgScheduleProblem(schedule: unknown): string | undefined {
  return scheduleProblem(
    schedule,
    [SECOND, ...FIELDS],
    '"0 0 2 * * *"',
    'a CloudNativePG schedule has six, seconds first: second minute hour day-of-month month day-of-week (a CronJob line is one field short)',
    "CloudNativePG runs schedules in the operator's time zone",
  );
}

function scheduleProblem(schedule: unknown, fields: readonly (typeof FIELDS)[number][], example: string, shape: string, timeZone: string): string | undefined {
  if (typeof schedule !== 'string' || schedule.trim() === '') return `a schedule must be a cron line such as ${example}`;
  if (schedule.includes('TZ')) return `"${schedule}" names a time zone (TZ or CRON_TZ): ${timeZone}`;
  const line = schedule.trim();
  if (line.startsWith('@')) return DESCRIPTORS.includes(line) || EVERY.test(line) ? undefined : `"${schedule}" is not a cron descriptor (${DESCRIPTORS.join(', ')}, @every <duration>)`;
  const parts = line.split(/\s+/);
  if (parts.length !== fields.length) {
    return `"${schedule}" has ${parts.length} fields; ${shape}`;
  }
  for (let i = 0; i < parts.length; i++) {
    const problem = fieldProblem(parts[i], fields[i]);
    if (problem) return `"${schedule}": ${problem}`;
  }
  return undefined;
}

function fieldProblem(field: string, f: (typeof FIELDS)[number]): string | undefined {
  const value = (s: string): number | undefined => {
    const named = f.names?.indexOf(s.toUpperCase()) ?? -1;
    if (named >= 0) return named + f.min;
    return /^\d+$/.test(s) ? Number(s) : undefined;
  };
  for (const part of field.split(',')) {
    const [range, step, extra] = part.split('/');
    if (extra !== undefined || (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0))) return `${f.name} "${part}" has a malformed step`;
    if (range === '*' || range === '?') continue;
    const ends = range.split('-');
    const values = ends.map(value);
    if (ends.length > 2 || values.some((v) => v === undefined || v < f.min || v > f.max))
      return `${f.name} "${part}" must be ${f.min}–${f.max}${f.names ? ` or ${f.names[0]}–${f.names[f.names.length - 1]}` : ''}`;
    if (values.length === 2 && values[0]! > values[1]!) return `${f.name} "${part}" is a range that ends before it starts`;
  }
  return undefined;
}

/**
 * The schedule syntax of a Kubernetes CronJob, as the API server checks it on create (batch/v1 validation parses it
 * with robfig/cron's standard parser): five fields (minute hour day-of-month month day-of-week), each a list of `*`,
 * `?`, a value or a range with an optional `/step`; months JAN–DEC and weekdays SUN–SAT by name; or a descriptor
 * (`@daily`, `@weekly`, `@every 6h` …). A time zone in the schedule is refused: it goes to `spec.timeZone`.
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
  if (typeof schedule !== 'string' || schedule.trim() === '') return 'a schedule must be a cron line such as "0 2 * * 0"';
  if (schedule.includes('TZ')) return `"${schedule}" names a time zone (TZ or CRON_TZ), which a CronJob takes from its timeZone only`;
  const line = schedule.trim();
  if (line.startsWith('@')) return DESCRIPTORS.includes(line) || EVERY.test(line) ? undefined : `"${schedule}" is not a cron descriptor (${DESCRIPTORS.join(', ')}, @every <duration>)`;
  const fields = line.split(/\s+/);
  if (fields.length !== 5) return `"${schedule}" has ${fields.length} fields; a cron line has five: minute hour day-of-month month day-of-week`;
  for (let i = 0; i < fields.length; i++) {
    const problem = fieldProblem(fields[i], FIELDS[i]);
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

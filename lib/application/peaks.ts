/**
 * The peak calendar: a peak starts at a cron time and lasts some hours. KEDA's cron scaler and a CronJob both need
 * the end as a cron time too; it is computed here for the cron forms whose end is again one cron line.
 */

/** The start and end of a peak as cron lines. */
export interface PeakWindow {
  readonly start: string;
  readonly end: string;
}

const NUM = /^\d{1,2}$/;

/**
 * The cron line `hours` after `cron`, or a problem. Accepted forms (minute and hour fixed): a yearly date
 * (`0 8 25 6 *`), a daily time (`0 8 * * *`, under 24 hours) and weekdays (`0 8 * * 1,3`, under a week).
 */
export function peakWindow(cron: unknown, hours: unknown): PeakWindow | string {
  if (typeof cron !== 'string') return 'cron must be a string such as "0 8 25 6 *"';
  if (typeof hours !== 'number' || !Number.isInteger(hours) || hours < 1 || hours > 168) return 'hours must be a whole number from 1 to 168';
  const f = cron.trim().split(/\s+/);
  if (f.length !== 5) return `cron "${cron}" must have five fields: minute hour day-of-month month day-of-week`;
  const [mi, h, dom, mon, dow] = f;
  if (!NUM.test(mi) || +mi > 59 || !NUM.test(h) || +h > 23) return `cron "${cron}" must start at a fixed minute (0–59) and hour (0–23)`;
  const minute = +mi;
  const hour = +h;
  if (NUM.test(dom) && NUM.test(mon) && dow === '*') {
    const d = +dom;
    const m = +mon;
    // 2001 is not a leap year: 29 February is refused rather than skipped three years in four.
    const start = new Date(Date.UTC(2001, m - 1, d, hour, minute));
    if (m < 1 || m > 12 || start.getUTCMonth() !== m - 1 || start.getUTCDate() !== d) return `cron "${cron}" names a day that does not exist every year`;
    const end = new Date(start.getTime() + hours * 3600_000);
    return { start: `${minute} ${hour} ${d} ${m} *`, end: `${end.getUTCMinutes()} ${end.getUTCHours()} ${end.getUTCDate()} ${end.getUTCMonth() + 1} *` };
  }
  if (dom === '*' && mon === '*' && dow === '*') {
    if (hours >= 24) return `a daily peak ("${cron}") must last less than 24 hours`;
    return { start: `${minute} ${hour} * * *`, end: `${minute} ${(hour + hours) % 24} * * *` };
  }
  if (dom === '*' && mon === '*' && /^[0-6](,[0-6])*$/.test(dow)) {
    if (hours >= 168) return `a weekly peak ("${cron}") must last less than a week`;
    const shift = Math.floor((hour + hours) / 24);
    const days = dow.split(',').map(Number);
    const endDays = days.map((d) => (d + shift) % 7);
    return { start: `${minute} ${hour} * * ${days.join(',')}`, end: `${minute} ${(hour + hours) % 24} * * ${endDays.join(',')}` };
  }
  return `cron "${cron}" is not a form whose end is a cron time: use a date ("0 8 25 6 *"), a daily time ("0 8 * * *") or weekdays ("0 8 * * 1,3")`;
}

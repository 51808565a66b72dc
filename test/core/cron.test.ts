/** The CronJob schedule syntax the API server accepts (lib/core/cron.ts), as robfig/cron's standard parser reads it. */
import { cnpgScheduleProblem, cronScheduleProblem } from '../../lib/core/cron';

test.each(['0 2 * * 0', '*/10 * * * *', '30 3 * * 6', '0 8 25 6 *', '0 8 1-5 JAN-MAR MON-FRI', '5/15 0,12 ? * sun', '0 0 1 */2 *', '@weekly', '@every 1h30m', '  0 2 * * 0  '])(
  '%s is accepted',
  (s) => {
    expect(cronScheduleProblem(s)).toBeUndefined();
  },
);

test.each([
  ['0 2 * * 7', /day of week "7" must be 0–6 or SUN–SAT/],
  ['60 2 * * 0', /minute "60" must be 0–59/],
  ['0 24 * * *', /hour "24" must be 0–23/],
  ['0 0 0 * *', /day of month "0" must be 1–31/],
  ['0 0 1 13 *', /month "13" must be 1–12 or JAN–DEC/],
  ['0 2 * * MON-SUN', /day of week "MON-SUN" is a range that ends before it starts/],
  ['*/0 * * * *', /minute "\*\/0" has a malformed step/],
  ['0 2 * *', /has 4 fields; a cron line has five/],
  ['0 0 2 * * *', /has 6 fields/],
  ['TZ=Asia/Shanghai 0 2 * * 0', /names a time zone/],
  ['CRON_TZ=UTC 0 2 * * 0', /names a time zone/],
  ['@fortnightly', /is not a cron descriptor/],
  ['every sunday', /has 2 fields/],
  ['', /a schedule must be a cron line/],
])('%s is refused', (s, expected) => {
  expect(cronScheduleProblem(s)).toMatch(expected);
});

test('a value that is not text is refused', () => {
  for (const v of [undefined, null, 5, ['0 2 * * 0'], {}]) expect(cronScheduleProblem(v)).toMatch(/a schedule must be a cron line/);
});

describe('CloudNativePG schedules: six fields, seconds first (robfig/cron v1, as its ScheduledBackup webhook parses them)', () => {
  test.each(['0 0 2 * * *', '0 30 1 * * SUN', '*/30 0 */6 * * ?', '@daily', '@every 12h'])('%s is accepted', (s) => {
    expect(cnpgScheduleProblem(s)).toBeUndefined();
  });

  test.each([
    ['0 2 * * *', /has 5 fields; a CloudNativePG schedule has six, seconds first/],
    ['60 0 2 * * *', /second "60" must be 0–59/],
    ['0 0 24 * * *', /hour "24" must be 0–23/],
    ['0 0 2 * * * 2027', /has 7 fields/],
    ['CRON_TZ=Asia/Shanghai 0 0 2 * * *', /names a time zone/],
    [undefined, /a schedule must be a cron line such as "0 0 2 \* \* \*"/],
  ])('%s is refused', (s, expected) => {
    expect(cnpgScheduleProblem(s)).toMatch(expected);
  });
});

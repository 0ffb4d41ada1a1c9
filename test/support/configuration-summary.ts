import { addBusinessTime } from '../../shared/domain/business-time.js';
import type { BusinessCalendar } from '../../shared/domain/business-calendar.js';
import { epochDayOf } from '../../shared/domain/civil-date.js';
import type { OncallConfig } from '../../shared/domain/oncall-config.js';
import type { SupportDirectory } from '../../shared/domain/support-directory.js';

/**
 * What a compiled configuration does, as plain data: everything the directory and the on-call configuration hold,
 * and, for each calendar version, which days of 2026–2028 are holidays and a deadline counted from each month's
 * first day. Two configurations with equal summaries behave alike; the Lambda bundling test compares the one a
 * bundle compiles (from the document the stack validated) with the one parsing the file gives.
 */
export function configurationSummary(directory: SupportDirectory, oncall: OncallConfig): unknown {
  const first = epochDayOf(2026, 1, 1);
  const last = epochDayOf(2028, 12, 31);
  const version = (calendar: BusinessCalendar) => {
    const { isHoliday, ...fields } = calendar;
    const holidays: number[] = [];
    for (let day = first; day <= last; day++) if (isHoliday(day)) holidays.push(day);
    const deadlines = Array.from({ length: 36 }, (_, month) => addBusinessTime(Date.UTC(2026, month, 1, 8), 3 * calendar.businessDayMs, calendar));
    return { ...fields, holidays, deadlines };
  };
  const summary = {
    policy: directory.policy,
    institutions: [...directory.institutions.entries()],
    calendars: [...directory.calendars.values()].map((history) => ({ id: history.id, latest: history.latest.version, versions: history.versions.map(version) })),
    oncall: { policy: oncall.policy, pagingSchedule: oncall.pagingSchedule, seeds: [...oncall.seeds.entries()] },
  };
  // Infinity (holidays known for ever) and the like read as JSON does.
  return JSON.parse(JSON.stringify(summary));
}

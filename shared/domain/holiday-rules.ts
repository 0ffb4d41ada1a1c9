import type { HolidayRule } from './calendar-document.js';
import { type EpochDay, civilDateOf, easterSunday, epochDayOf, nthWeekdayOfMonth, weekdayIndex } from './civil-date.js';

/**
 * Holidays that recur, as rules rather than lists of dates:
 * - `fixed`: the same date every year (25 December); when it falls on a weekend it may be
 *   observed on another day: `next-weekday` (UK and Australian style: the next Monday–Friday
 *   that is not already a holiday, so Christmas on a Saturday moves to Monday and Boxing Day on
 *   the Sunday to Tuesday) or `nearest-weekday` (US federal style: Saturday → Friday, Sunday → Monday);
 * - `nth-weekday`: the nth weekday of a month (4th Thursday of November), or the last (`nth: -1`);
 * - `easter`: a number of days from Easter Sunday (Good Friday −2, Easter Monday +1).
 * A rule may be limited to years `from`…`until` (inclusive). A weekend day stays a holiday too.
 */
export const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;


const isWeekend = (day: EpochDay) => weekdayIndex(day) >= 5;

function inYears(rule: HolidayRule, year: number): boolean {
  return (rule.from === undefined || year >= rule.from) && (rule.until === undefined || year <= rule.until);
}

/** The day a rule names in a year (before any weekend substitution). */
function actualDay(rule: HolidayRule, year: number): EpochDay | undefined {
  if (!inYears(rule, year)) return undefined;
  switch (rule.rule) {
    case 'fixed':
      return epochDayOf(year, rule.month, rule.day);
    case 'nth-weekday':
      return nthWeekdayOfMonth(year, rule.month, WEEKDAY_NAMES.indexOf(rule.weekday), rule.nth);
    case 'easter':
      return easterSunday(year) + rule.offsetDays;
  }
}

/**
 * The holidays the rules give in one calendar year. Substitutes may cross a year end (New Year's
 * Day on a Saturday is observed on the Friday before), so the neighbouring years are worked out too.
 */
export function holidaysOfYear(rules: readonly HolidayRule[], year: number): Set<EpochDay> {
  const taken = new Set<EpochDay>();
  const weekendFixed: { day: EpochDay; weekend: 'next-weekday' | 'nearest-weekday' }[] = [];
  for (const y of [year - 1, year, year + 1]) {
    for (const rule of rules) {
      const day = actualDay(rule, y);
      if (day === undefined) continue;
      taken.add(day);
      if (rule.rule === 'fixed' && rule.weekend !== 'keep' && isWeekend(day)) weekendFixed.push({ day, weekend: rule.weekend });
    }
  }
  weekendFixed.sort((a, b) => a.day - b.day);
  for (const { day, weekend } of weekendFixed) {
    if (weekend === 'nearest-weekday') {
      taken.add(weekdayIndex(day) === 5 ? day - 1 : day + 1);
      continue;
    }
    let substitute = day + 1;
    while (isWeekend(substitute) || taken.has(substitute)) substitute++;
    taken.add(substitute);
  }
  return new Set([...taken].filter((day) => civilDateOf(day).year === year));
}

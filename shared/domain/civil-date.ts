/**
 * Calendar dates as whole days since 1970-01-01 ("epoch days"), with no time
 * zone attached. Pure integer arithmetic: the business-time engine walks days
 * with these instead of creating a date object per day.
 */
export const MS_PER_DAY = 86_400_000;

export type EpochDay = number;

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(day: EpochDay): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function epochDayOf(year: number, month: number, day: number): EpochDay {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

export function civilDateOf(day: EpochDay): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD`; returns undefined for anything that is not a real date. */
export function parseIsoDate(text: string): EpochDay | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const epochDay = epochDayOf(year, month, day);
  const back = civilDateOf(epochDay);
  return back.year === year && back.month === month && back.day === day ? epochDay : undefined;
}

export function formatIsoDate(day: EpochDay): string {
  const { year, month, day: d } = civilDateOf(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): EpochDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDayOf(year, month, day);
}

/**
 * The nth given weekday (0 = Monday) of a month; a negative n counts from the end (-1 = last).
 * Undefined when the month has no such day (a fifth Monday, say).
 */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): EpochDay | undefined {
  if (n > 0) {
    const first = epochDayOf(year, month, 1);
    const day = first + ((weekday - weekdayIndex(first) + 7) % 7) + (n - 1) * 7;
    return civilDateOf(day).month === month ? day : undefined;
  }
  const last = epochDayOf(year, month + 1, 1) - 1;
  const day = last - ((weekdayIndex(last) - weekday + 7) % 7) + (n + 1) * 7;
  return civilDateOf(day).month === month ? day : undefined;
}

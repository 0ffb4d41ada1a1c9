/**
 * Calendar dates as whole days since 1970-01-01 ("epoch days"), with no time
 * zone attached. Pure integer arithmetic: the business-time engine walks days
 * with these instead of creating a date object per day.
 */
const MS_PER_DAY = 86_400_000;

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

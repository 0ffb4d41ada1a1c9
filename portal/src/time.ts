/** Times in words: in the reader's own zone and in a named one, and what is left until a deadline. */
export function inZone(iso: string, zone?: string, named = true): string {
  // dateStyle cannot be combined with timeZoneName, so the fields are named one by one.
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(named ? { timeZoneName: 'short' } : {}),
    ...(zone ? { timeZone: zone } : {}),
  }).format(new Date(iso));
}

/** The deadline in the reader's zone and, only when its clock reads differently there, in the support calendar's zone. */
export function inBothZones(iso: string, zone: string | undefined): string {
  const local = inZone(iso);
  if (!zone || inZone(iso, zone, false) === inZone(iso, undefined, false)) return local;
  return `${local} (${inZone(iso, zone)} in ${zone})`;
}

/** A short date and time in the reader's zone, for tables. */
export function shortTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A duration as people say it: 6 seconds, 4 minutes, 2 hours 5 minutes, 3 days 4 hours. */
export function humanDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return plural(s, 'second');
  if (s < 3600) return plural(Math.round(s / 60), 'minute');
  const hours = Math.floor(s / 3600);
  const minutes = Math.round((s % 3600) / 60);
  if (hours < 48) return minutes === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(minutes, 'minute')}`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? plural(days, 'day') : `${plural(days, 'day')} ${plural(hours % 24, 'hour')}`;
}

export function timeLeft(dueIso: string, now = Date.now()): { text: string; state: 'breached' | 'soon' | 'ok' } {
  const ms = Date.parse(dueIso) - now;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1000);
  const text = h > 48 ? `${Math.floor(h / 24)} d ${h % 24} h` : h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
  if (ms < 0) return { text: `overdue by ${text}`, state: 'breached' };
  return { text: `${text} left`, state: ms < 15 * 60_000 ? 'soon' : 'ok' };
}

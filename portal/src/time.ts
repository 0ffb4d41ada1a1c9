/** Times in words: in the reader's own zone and in a named one, and what is left until a deadline. */
export function inZone(iso: string, zone?: string): string {
  // dateStyle cannot be combined with timeZoneName, so the fields are named one by one.
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(zone ? { timeZone: zone } : {}),
  }).format(new Date(iso));
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

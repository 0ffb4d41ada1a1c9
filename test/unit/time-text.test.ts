import fc from 'fast-check';
import { DateTime, Duration, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatInZone, parseInstant } from '../../shared/domain/instant-text.js';
import { parseFixedDuration } from '../../shared/domain/iso-duration.js';
import { instantOfWallTime, isValidZone, offsetAt } from '../../shared/domain/wall-time.js';

/**
 * The zone offsets, ISO 8601 text and durations of the domain are computed on Intl and small parsers (luxon is kept
 * out of the Lambda bundles). luxon did this before; these properties hold the new code to luxon's answers, the
 * way the old code used it, on every form the parsers read.
 */
const RUNS = 10_000;
const ZONES = [...Intl.supportedValuesOf('timeZone'), 'UTC', 'utc', 'GMT', 'Etc/GMT+5', 'Etc/UTC'];
const zone = fc.constantFrom(...ZONES);
/** 1900-01-01 … 2100-12-31. */
const instant = fc.integer({ min: -2_208_988_800_000, max: 4_133_980_799_999 });

const digits = (min: number, max: number, width: number) => fc.integer({ min, max }).map((n) => String(n).padStart(width, '0'));

/** The old reading: the plain shape, else luxon's ISO parser (its wall time made an instant in the zone). */
function luxonInstant(text: string, zone: string): number | undefined {
  if (text.length > 64) return undefined;
  const parsed = DateTime.fromISO(text, { zone: 'UTC', setZone: true });
  if (!parsed.isValid) return undefined;
  return /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i.test(text) ? parsed.toMillis() : instantOfWallTime(zone, parsed.toMillis());
}

function luxonDuration(text: string): number | undefined {
  if (!/\d[WDHMS]$/i.test(text)) return undefined;
  const duration = Duration.fromISO(text);
  if (!duration.isValid || duration.years !== 0 || duration.months !== 0 || duration.quarters !== 0) return undefined;
  const ms = duration.as('milliseconds');
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined;
}

const isoText = fc
  .record({
    date: fc.oneof(
      fc.tuple(fc.oneof(digits(0, 9999, 4), fc.constantFrom('+012026', '-000001', '+002026')), fc.option(digits(0, 13, 2)), fc.option(digits(0, 32, 2)), fc.boolean()).map(
        ([year, month, day, dashes]) => (month === null ? year : day === null ? `${year}-${month}` : `${year}${dashes ? '-' : ''}${month}${dashes ? '-' : ''}${day}`),
      ),
      fc.tuple(digits(1900, 2100, 4), digits(0, 54, 2), fc.option(fc.integer({ min: 0, max: 8 })), fc.boolean()).map(
        ([year, week, day, dashes]) => `${year}${dashes ? '-' : ''}W${week}${day === null ? '' : `${dashes ? '-' : ''}${day}`}`,
      ),
      fc.tuple(digits(1900, 2100, 4), digits(0, 367, 3), fc.boolean()).map(([year, ordinal, dash]) => `${year}${dash ? '-' : ''}${ordinal}`),
    ),
    time: fc.option(
      fc.tuple(
        fc.constantFrom('T', 't'),
        digits(0, 25, 2),
        fc.option(digits(0, 60, 2)),
        fc.option(digits(0, 60, 2)),
        fc.option(fc.tuple(fc.constantFrom('.', ','), fc.stringMatching(/^\d{1,12}$/))),
        fc.boolean(),
        fc.option(fc.oneof(fc.constantFrom('Z', 'z'), fc.tuple(fc.constantFrom('+', '-'), digits(0, 14, 2), fc.option(digits(0, 59, 2)), fc.boolean()).map(([sign, h, m, colon]) => `${sign}${h}${m === null ? '' : `${colon ? ':' : ''}${m}`}`))),
      ),
    ),
  })
  .map(({ date, time }) => {
    if (!time) return date;
    const [t, hour, minute, second, fraction, colons, offset] = time;
    const sep = colons ? ':' : '';
    let text = `${date}${t}${hour}`;
    if (minute !== null) {
      text += `${sep}${minute}`;
      if (second !== null) text += `${sep}${second}${fraction ? fraction.join('') : ''}`;
    }
    return text + (offset ?? '');
  });

const durationText = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.option(fc.tuple(fc.boolean(), fc.stringMatching(/^\d{1,4}$/), fc.option(fc.stringMatching(/^\d{1,4}$/)))), { minLength: 7, maxLength: 7 }),
    fc.option(fc.stringMatching(/^-?\d{1,4}$/)),
  )
  .map(([negative, parts, millis]) => {
    const number = (part: [boolean, string, string | null] | null, decimals = true) => (part ? `${part[0] ? '-' : ''}${part[1]}${decimals && part[2] !== null ? `.${part[2]}` : ''}` : '');
    const [y, mo, w, d, h, mi, s] = parts;
    const date = [y && `${number(y)}Y`, mo && `${number(mo)}M`, w && `${number(w)}W`, d && `${number(d)}D`].join('');
    const seconds = s ? `${number(s, false)}${millis !== null ? `.${millis}` : ''}S` : '';
    const time = [h && `${number(h)}H`, mi && `${number(mi)}M`, seconds].join('');
    return `${negative ? '-' : ''}P${date}${time ? `T${time}` : ''}`;
  });

describe('time text without luxon', () => {
  it('knows the zones luxon knew', () => {
    for (const name of [...ZONES, '', 'Fantasia/Castle', 'Sport~~blorp', 'UTC+3', 'europe/london', 'EST5EDT', '+01:00']) {
      expect(isValidZone(name), name).toBe(IANAZone.isValidZone(name));
    }
  });

  it('gives every zone the offset luxon gave, at any instant', () => {
    fc.assert(
      fc.property(zone, instant, (name, at) => {
        expect(offsetAt(name, at)).toBe(Math.round(IANAZone.create(name).offset(at) * 60_000));
      }),
      { numRuns: RUNS },
    );
  });

  it('writes an instant in a zone as luxon wrote it', () => {
    fc.assert(
      fc.property(zone, fc.integer({ min: 0, max: 4_133_980_799_999 }), fc.boolean(), (name, at, whole) => {
        const t = whole ? at - (at % 1000) : at;
        expect(formatInZone(t, name)).toBe(DateTime.fromMillis(t, { zone: name }).toISO({ suppressMilliseconds: true }));
      }),
      { numRuns: RUNS },
    );
    expect(formatInZone(Date.UTC(2026, 2, 2, 9), 'Nowhere/Special')).toBe('2026-03-02T09:00:00Z');
  });

  it('reads every ISO 8601 form as luxon read it', () => {
    fc.assert(
      fc.property(isoText, fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'), (text, name) => {
        expect(parseInstant(text, name), text).toBe(luxonInstant(text, name));
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses what luxon read only by today’s date or a zone name in brackets', () => {
    expect(parseInstant('09:30')).toBeUndefined();
    expect(parseInstant('2026-03-02T09:30[Europe/Paris]')).toBeUndefined();
  });

  it('reads durations as luxon read them', () => {
    fc.assert(
      fc.property(durationText, (text) => {
        expect(parseFixedDuration(text), text).toBe(luxonDuration(text));
      }),
      { numRuns: RUNS },
    );
  });
});

import { IANAZone } from 'luxon';
import { type EpochDay, MS_PER_DAY } from './civil-date.js';

/**
 * Wall-clock times in an IANA zone → instants, by one documented rule that
 * depends on nothing but the zone's rules (never on the machine's clock or zone):
 * - a wall time that happens twice (a fall-back change) is taken at its later occurrence;
 * - a wall time that never happens (a spring-forward gap) moves forward by the length of the gap.
 *
 * "Local milliseconds" are a wall time written as if it were UTC: epochDay × 86,400,000 plus the
 * milliseconds after local midnight.
 */
export type LocalMs = number;

const zones = new Map<string, IANAZone>();

function zoneOf(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = IANAZone.create(name);
    zones.set(name, zone);
  }
  return zone;
}

const OFFSET_CACHE_LIMIT = 100_000;
/** Per zone: UTC day → the offset that holds all that day (days with a change are not kept). */
const steadyDays = new Map<string, Map<number, number>>();

/** The zone's UTC offset at an instant, in ms (deterministic: a function of the instant alone). */
export function offsetAt(zone: string, instant: number): number {
  let days = steadyDays.get(zone);
  if (!days) {
    days = new Map();
    steadyDays.set(zone, days);
  }
  const day = Math.floor(instant / MS_PER_DAY);
  const steady = days.get(day);
  if (steady !== undefined) return steady;
  const iana = zoneOf(zone);
  const atStart = iana.offset(day * MS_PER_DAY);
  // Zones change their offset at most once a day: equal offsets at both ends mean none in between.
  if (iana.offset((day + 1) * MS_PER_DAY - 1) !== atStart) return iana.offset(instant) * 60_000;
  if (days.size >= OFFSET_CACHE_LIMIT) days.clear();
  days.set(day, atStart * 60_000);
  return atStart * 60_000;
}

/**
 * The instant of a wall time. Zone rules never change the offset twice within two days, so the
 * offsets a day before and a day after are the only two candidates; each is kept only if the zone
 * really has that offset at the instant it gives.
 */
export function instantOfWallTime(zone: string, local: LocalMs): number {
  const before = offsetAt(zone, local - MS_PER_DAY);
  const after = offsetAt(zone, local + MS_PER_DAY);
  if (before === after && offsetAt(zone, local - before) === before) return local - before;
  const early = local - before;
  const late = local - after;
  const earlyValid = offsetAt(zone, early) === before;
  const lateValid = offsetAt(zone, late) === after;
  if (earlyValid && lateValid) return Math.max(early, late); // repeated: the later occurrence
  if (earlyValid) return early;
  if (lateValid) return late;
  // Skipped: read with the offset in force before the gap, which lands as far past the gap's end
  // as the wall time was past its start.
  return early;
}

/** The local date an instant falls on in the zone (by its wall clock). */
export function wallDayOf(zone: string, instant: number): EpochDay {
  return Math.floor((instant + offsetAt(zone, instant)) / MS_PER_DAY);
}

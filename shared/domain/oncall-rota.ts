import { MS_PER_DAY, type EpochDay } from './civil-date.js';
import { instantOfWallTime, offsetAt } from './wall-time.js';

/**
 * The on-call rota as data: a rotation of people per layer (primary,
 * secondary) handing over every `rotationDays` at a wall-clock time in the
 * rota's own zone, a management list paged all at once, and overrides ("Ana
 * covers Friday 18:00 – Monday 09:00"). Pure: handovers are wall times turned
 * into instants by the rule of wall-time.ts, so 09:00 local stays 09:00 local
 * across daylight-saving changes (a week that contains a change is an hour
 * shorter or longer).
 */
export const ROTA_LAYERS = ['primary', 'secondary'] as const;
export type RotaLayer = (typeof ROTA_LAYERS)[number];
/** Whom a paging step notifies: one rota layer, or everyone on the management list. */
export const PAGE_TARGETS = ['primary', 'secondary', 'management'] as const;
export type PageTarget = (typeof PAGE_TARGETS)[number];

export interface OncallPerson {
  readonly name: string;
  /** E.164, e.g. +447700900123. */
  readonly phone: string;
  readonly email: string;
}

export interface OncallSchedule {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  /** The local date of the first handover (the rotation counts shifts from it) and the local time of every handover. */
  readonly handover: { readonly startDate: EpochDay; readonly time: number; readonly rotationDays: number };
  readonly primary: readonly OncallPerson[];
  readonly secondary: readonly OncallPerson[];
  readonly management: readonly OncallPerson[];
  readonly version: number;
}

export interface OncallOverride {
  readonly id: string;
  readonly scheduleId: string;
  readonly layer: RotaLayer;
  readonly person: OncallPerson;
  readonly from: number;
  readonly to: number;
  readonly createdAt: number;
  readonly createdBy: string;
}

export interface Shift {
  readonly layer: RotaLayer;
  readonly person: OncallPerson;
  readonly from: number;
  readonly to: number;
  /** The override that put this person on call, when one did. */
  readonly overrideId: string | null;
}

/** The instant of the `k`-th handover (k = 0 at `startDate`; negative before it). */
export function handoverInstant(schedule: OncallSchedule, k: number): number {
  const { startDate, time, rotationDays } = schedule.handover;
  return instantOfWallTime(schedule.zone, (startDate + k * rotationDays) * MS_PER_DAY + time);
}

/** Which shift of the rotation holds `instant`: the largest k whose handover is at or before it. */
function shiftIndexAt(schedule: OncallSchedule, instant: number): number {
  const { startDate, time, rotationDays } = schedule.handover;
  const local = instant + offsetAt(schedule.zone, instant);
  // In wall-clock terms the shifts are exactly rotationDays long; the instant rule moves a handover by at most
  // the size of a zone change, so the estimate is off by one at most, on either side.
  let k = Math.floor((local - (startDate * MS_PER_DAY + time)) / (rotationDays * MS_PER_DAY));
  while (handoverInstant(schedule, k) > instant) k--;
  while (handoverInstant(schedule, k + 1) <= instant) k++;
  return k;
}

const rotate = <T>(list: readonly T[], k: number): T | undefined => (list.length === 0 ? undefined : list[((k % list.length) + list.length) % list.length]);

/** The rotation's shift (without overrides) for a layer at an instant; undefined when the layer has nobody. */
export function rotationShiftAt(schedule: OncallSchedule, layer: RotaLayer, instant: number): Shift | undefined {
  const k = shiftIndexAt(schedule, instant);
  const person = rotate(schedule[layer], k);
  return person && { layer, person, from: handoverInstant(schedule, k), to: handoverInstant(schedule, k + 1), overrideId: null };
}

/** The override in force for a layer at an instant: the most recently created one covering it (half-open, `from` inside). */
function overrideAt(overrides: readonly OncallOverride[], layer: RotaLayer, instant: number): OncallOverride | undefined {
  let found: OncallOverride | undefined;
  for (const o of overrides) {
    if (o.layer !== layer || instant < o.from || instant >= o.to) continue;
    if (!found || o.createdAt > found.createdAt || (o.createdAt === found.createdAt && o.id > found.id)) found = o;
  }
  return found;
}

/**
 * Who is on call for a layer at an instant, and until when that holds: an override wins over the rotation (the
 * newest when several overlap); the shift ends at the next handover or override boundary, whichever is first.
 */
export function onCallAt(schedule: OncallSchedule, overrides: readonly OncallOverride[], layer: RotaLayer, instant: number): Shift | undefined {
  const mine = overrides.filter((o) => o.layer === layer && o.scheduleId === schedule.id);
  const override = overrideAt(mine, layer, instant);
  const base = rotationShiftAt(schedule, layer, instant);
  const boundaries = [base?.to ?? Infinity, ...mine.flatMap((o) => [o.from, o.to]).filter((t) => t > instant)];
  const to = Math.min(...boundaries);
  if (override) return { layer, person: override.person, from: Math.max(override.from, base?.from ?? override.from), to: Math.min(to, override.to), overrideId: override.id };
  if (!base) return undefined;
  const from = Math.max(base.from, ...mine.map((o) => o.to).filter((t) => t <= instant));
  return { ...base, from, to };
}

/** Now and next for each layer: the shift holding `instant` and the one after it (a different person or the same one again). */
export function nowAndNext(schedule: OncallSchedule, overrides: readonly OncallOverride[], instant: number) {
  return Object.fromEntries(
    ROTA_LAYERS.map((layer) => {
      const now = onCallAt(schedule, overrides, layer, instant);
      const nextAt = now ? now.to : rotationShiftAt(schedule, layer, instant)?.to;
      const next = nextAt !== undefined && Number.isFinite(nextAt) ? onCallAt(schedule, overrides, layer, nextAt) : undefined;
      return [layer, { now: now ?? null, next: next ?? null }];
    }),
  ) as Record<RotaLayer, { now: Shift | null; next: Shift | null }>;
}

/** The people a paging step notifies at an instant: the layer's person on call, or the whole management list. */
export function pageRecipients(schedule: OncallSchedule, overrides: readonly OncallOverride[], target: PageTarget, instant: number): OncallPerson[] {
  if (target === 'management') return [...schedule.management];
  const shift = onCallAt(schedule, overrides, target, instant);
  return shift ? [shift.person] : [];
}

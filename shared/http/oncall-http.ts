import * as z from 'zod/mini';
import { formatIsoDate } from '../domain/civil-date.js';
import { formatInstant, formatInZone } from '../domain/instant-text.js';
import { scheduleIdSchema } from '../domain/oncall-config.js';
import type { OncallOverride, OncallPerson, OncallSchedule, RotaLayer, Shift } from '../domain/oncall-rota.js';

/** Path and query parameters of the rota routes (functions/oncall), and how their answers look. */
export const scheduleParameterSchema = z.strictObject({ scheduleId: scheduleIdSchema });
export const overrideParameterSchema = z.strictObject({ overrideId: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}\.[0-9a-f]{16}$/, 'an override id')) });
export const nowQuerySchema = z.strictObject({ schedule: z.optional(scheduleIdSchema) });

const timeOf = (ms: number) => `${String(Math.floor(ms / 3_600_000)).padStart(2, '0')}:${String(Math.floor(ms / 60_000) % 60).padStart(2, '0')}`;

export function scheduleView(schedule: OncallSchedule, overrides: readonly OncallOverride[]) {
  return {
    id: schedule.id,
    name: schedule.name,
    zone: schedule.zone,
    handover: { startDate: formatIsoDate(schedule.handover.startDate), time: timeOf(schedule.handover.time), rotationDays: schedule.handover.rotationDays },
    primary: schedule.primary,
    secondary: schedule.secondary,
    management: schedule.management,
    version: schedule.version,
    overrides: overrides.map((o) => overrideView(o, schedule.zone)),
  };
}

export function overrideView(o: OncallOverride, zone: string) {
  return { id: o.id, schedule: o.scheduleId, layer: o.layer, person: o.person, from: formatInstant(o.from), to: formatInstant(o.to), fromLocal: formatInZone(o.from, zone), toLocal: formatInZone(o.to, zone), createdBy: o.createdBy };
}

function shiftView(shift: Shift | null, zone: string) {
  if (!shift) return null;
  const person: OncallPerson = shift.person;
  const bound = (t: number) => (Number.isFinite(t) ? formatInstant(t) : null);
  return { ...person, from: bound(shift.from), to: bound(shift.to), fromLocal: Number.isFinite(shift.from) ? formatInZone(shift.from, zone) : null, toLocal: Number.isFinite(shift.to) ? formatInZone(shift.to, zone) : null, override: shift.overrideId };
}

export function nowView(result: { schedule: OncallSchedule; at: number; layers: Record<RotaLayer, { now: Shift | null; next: Shift | null }> }) {
  const zone = result.schedule.zone;
  return {
    schedule: result.schedule.id,
    name: result.schedule.name,
    zone,
    at: formatInstant(result.at),
    primary: { now: shiftView(result.layers.primary.now, zone), next: shiftView(result.layers.primary.next, zone) },
    secondary: { now: shiftView(result.layers.secondary.now, zone), next: shiftView(result.layers.secondary.next, zone) },
    management: result.schedule.management,
  };
}

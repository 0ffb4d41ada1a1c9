import { createHash } from 'node:crypto';
import { DomainError, ValidationError } from '../domain/errors.js';
import { type OncallConfig, type OverrideBody, type ScheduleBody, overrideSpan, scheduleOf } from '../domain/oncall-config.js';
import { type OncallOverride, type OncallSchedule, nowAndNext } from '../domain/oncall-rota.js';
import { type Principal, isStaff } from '../domain/principal.js';
import type { Clock } from '../ports/clock.js';
import type { OncallStore } from '../ports/oncall-store.js';
import { reusedKey } from './idempotency.js';

const MAX_ATTEMPTS = 3;

const forbidden = (message: string) => new DomainError('forbidden', message);
const mustBeStaff = (principal: Principal) => {
  if (!isStaff(principal.role)) throw forbidden('only support staff see the on-call rota');
};
/** Managers edit the rota (the manager role is the capability: no finer one is needed yet). */
const mustBeManager = (principal: Principal) => {
  if (principal.role !== 'manager') throw forbidden('only managers edit the on-call rota');
};

/**
 * The on-call rota in the table. A schedule missing from the table is seeded
 * from config/oncall.json the first time anything reads it (a create-only put:
 * a later deploy or start never overwrites an edit, and two first readers
 * write it once). Managers replace schedules and add or remove overrides.
 */
export function makeRota(deps: { readonly oncall: OncallStore; readonly config: OncallConfig; readonly clock: Clock }) {
  const { oncall, config, clock } = deps;

  async function schedule(id: string): Promise<OncallSchedule> {
    const found = await oncall.getSchedule(id);
    if (found) return found;
    const seed = config.seeds.get(id);
    if (!seed) throw new DomainError('schedule-not-found', `there is no on-call schedule ${id}`, { schedule: id });
    await oncall.putSchedule(seed);
    return (await oncall.getSchedule(id)) ?? seed;
  }

  async function current(id: string, at: number): Promise<{ schedule: OncallSchedule; overrides: OncallOverride[] }> {
    const found = await schedule(id);
    return { schedule: found, overrides: await oncall.currentOverrides(id, at) };
  }

  return {
    schedule,
    current,
    /** Seeds every schedule of the configuration that the table does not have yet (at start and on first run). */
    async seed(): Promise<void> {
      for (const id of config.seeds.keys()) await schedule(id);
    },
    async getSchedule(principal: Principal, id: string) {
      mustBeStaff(principal);
      return current(id, clock.now());
    },
    async replaceSchedule(principal: Principal, id: string, body: ScheduleBody): Promise<OncallSchedule> {
      mustBeManager(principal);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const existing = await oncall.getSchedule(id);
        const next = scheduleOf(id, body, (existing?.version ?? 0) + 1);
        if ((await oncall.putSchedule(next)) === 'applied') return next;
      }
      throw new DomainError('store-unavailable', `schedule ${id} kept changing; retry`);
    },
    /**
     * An override; with an Idempotency-Key its id is derived from the caller and the key, so a retry finds the one
     * it made (the same request answers the same, another request with the key is a 422).
     */
    async addOverride(principal: Principal, body: OverrideBody, idempotencyKey?: string): Promise<{ override: OncallOverride; replayed: boolean }> {
      mustBeManager(principal);
      const target = await schedule(body.schedule);
      const span = overrideSpan(body, target.zone);
      if ('problems' in span) throw new ValidationError('the request has invalid fields', span.problems);
      const suffix = idempotencyKey === undefined ? createHash('sha256').update(`${principal.sub}|${clock.now()}|${Math.random()}`).digest('hex') : createHash('sha256').update(`${principal.sub}|${idempotencyKey}`).digest('hex');
      const id = `${body.schedule}.${suffix.slice(0, 16)}`;
      if (idempotencyKey !== undefined) {
        const earlier = (await oncall.currentOverrides(body.schedule, 0)).find((o) => o.id === id);
        if (earlier) {
          const p = earlier.person;
          const same = earlier.layer === body.layer && earlier.from === span.from && earlier.to === span.to && p.name === body.person.name && p.phone === body.person.phone && p.email === body.person.email;
          if (!same) throw reusedKey();
          return { override: earlier, replayed: true };
        }
      }
      const override: OncallOverride = { id, scheduleId: body.schedule, layer: body.layer, person: body.person, from: span.from, to: span.to, createdAt: clock.now(), createdBy: principal.name };
      await oncall.putOverride(override);
      return { override, replayed: false };
    },
    async removeOverride(principal: Principal, overrideId: string): Promise<void> {
      mustBeManager(principal);
      const scheduleId = overrideId.split('.')[0] ?? '';
      if ((await oncall.removeOverride(scheduleId, overrideId, principal.name, clock.now())) === 'not-found') {
        throw new DomainError('override-not-found', `there is no override ${overrideId}`, { override: overrideId });
      }
    },
    /** Who is on call now and next, per layer, and the management list. */
    async now(principal: Principal, id: string = config.pagingSchedule) {
      mustBeStaff(principal);
      const at = clock.now();
      const { schedule: found, overrides } = await current(id, at);
      return { schedule: found, at, layers: nowAndNext(found, overrides, at) };
    },
  };
}

export type Rota = ReturnType<typeof makeRota>;

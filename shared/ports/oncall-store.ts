import type { OncallOverride, OncallSchedule } from '../domain/oncall-rota.js';

/** On-call schedules and their overrides, kept in the table (seeded from config/oncall.json, edited through the API). */
export interface OncallStore {
  getSchedule(id: string): Promise<OncallSchedule | undefined>;
  /** Writes the schedule as version `schedule.version`: `stale` unless the stored one is `schedule.version - 1` (or, for version 1, absent). */
  putSchedule(schedule: OncallSchedule): Promise<'applied' | 'stale'>;
  /** Overrides of a schedule that end after `after` and were not removed. */
  currentOverrides(scheduleId: string, after: number): Promise<OncallOverride[]>;
  putOverride(override: OncallOverride): Promise<void>;
  /** Marks an override removed (kept for the record); `not-found` when there is no such live override. */
  removeOverride(scheduleId: string, overrideId: string, by: string, at: number): Promise<'removed' | 'not-found'>;
}

import { scheduleName } from '../../domain/sla-timers.js';
import type { Clock } from '../../ports/clock.js';
import type { SlaTimers, TimerPayload } from '../../ports/sla-timers.js';

/** Node's setTimeout cannot wait longer than this; longer waits are chained. */
const MAX_DELAY_MS = 2_147_483_647;

/** How to wait: real timers by default; tests pass a virtual timeline that they advance by hand. */
export interface TimerSource {
  set(delayMs: number, fire: () => void): unknown;
  clear(handle: unknown): void;
}

export const realTimerSource: TimerSource = {
  set: (delayMs, fire) => {
    const handle = setTimeout(fire, delayMs);
    handle.unref();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * In-process timers for `npm start`: each timer is a setTimeout that delivers
 * the same payload EventBridge Scheduler would. Nothing here survives a
 * restart, which is fine: the timers are recorded in DynamoDB, and the local
 * runtime re-arms every pending one at start.
 */
export class LocalSlaTimers implements SlaTimers {
  private readonly handles = new Map<string, unknown>();
  private deliver: ((payload: TimerPayload) => Promise<void>) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly source: TimerSource = realTimerSource,
  ) {}

  /** Where fired timers go (the local runtime invokes the SLA-timer handler). */
  connect(deliver: (payload: TimerPayload) => Promise<void>): void {
    this.deliver = deliver;
  }

  async schedule(payload: TimerPayload): Promise<'scheduled'> {
    const name = scheduleName(payload.caseNumber, payload.timer, payload.revision);
    this.clear(name);
    const arm = () => {
      const wait = Date.parse(payload.dueAt) - this.clock.now();
      const handle = this.source.set(
        // A few milliseconds late rather than early: a timer that fires before its deadline does nothing.
        Math.min(Math.max(wait + 5, 0), MAX_DELAY_MS),
        () => {
          this.handles.delete(name);
          if (wait > MAX_DELAY_MS) arm();
          else void this.deliver?.(payload);
        },
      );
      this.handles.set(name, handle);
    };
    arm();
    return 'scheduled';
  }

  async cancel(payload: Pick<TimerPayload, 'caseNumber' | 'timer' | 'revision'>): Promise<void> {
    this.clear(scheduleName(payload.caseNumber, payload.timer, payload.revision));
  }

  get armed(): number {
    return this.handles.size;
  }

  stop(): void {
    for (const name of [...this.handles.keys()]) this.clear(name);
  }

  private clear(name: string): void {
    if (this.handles.has(name)) this.source.clear(this.handles.get(name));
    this.handles.delete(name);
  }
}

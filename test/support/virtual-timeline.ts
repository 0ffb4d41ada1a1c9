import type { TimerSource } from '../../shared/adapters/local/local-sla-timers.js';

/**
 * Virtual time for the local timer adapter: timers wait on this timeline, and a
 * test moves it forward by hand. Each delivery is awaited before time moves on.
 */
export class VirtualTimeline implements TimerSource {
  private nextId = 0;
  private readonly entries = new Map<number, { at: number; fire: () => void }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  now: number;

  constructor(startIso: string) {
    this.now = Date.parse(startIso);
  }

  readonly clock = { now: () => this.now };

  set(delayMs: number, fire: () => void): number {
    const id = ++this.nextId;
    this.entries.set(id, { at: this.now + delayMs, fire });
    return id;
  }

  clear(handle: unknown): void {
    this.entries.delete(handle as number);
  }

  track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Moves time to `target`, firing every timer due on the way, in order, each at its own instant. */
  async advanceTo(target: number, everyMinute?: () => Promise<unknown>): Promise<void> {
    for (;;) {
      const nextMinute = everyMinute ? (Math.floor(this.now / 60_000) + 1) * 60_000 : Infinity;
      let next: [number, { at: number; fire: () => void }] | undefined;
      for (const entry of this.entries) if (!next || entry[1].at < next[1].at) next = entry;
      const at = Math.min(next?.[1].at ?? Infinity, nextMinute);
      if (at > target) break;
      this.now = Math.max(this.now, at);
      if (next && next[1].at === at) {
        this.entries.delete(next[0]);
        next[1].fire();
      } else if (everyMinute) {
        await this.track(everyMinute());
      }
      await this.settle();
    }
    this.now = Math.max(this.now, target);
  }

  async advanceBy(ms: number, everyMinute?: () => Promise<unknown>): Promise<void> {
    await this.advanceTo(this.now + ms, everyMinute);
  }
}

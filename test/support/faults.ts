import type { AlertPublisher } from '../../shared/ports/alert-publisher.js';
import type { SlaTimers } from '../../shared/ports/sla-timers.js';

/**
 * Fault injection around the local adapters: the real adapter does the work
 * whenever the fault lets a call through.
 */

/** CreateSchedule fails `failures` times in a row, then one call goes through, and so on. */
export function failingTimers(inner: SlaTimers, failures: number): SlaTimers & { readonly failed: number } {
  let calls = 0;
  let failed = 0;
  return {
    get failed() {
      return failed;
    },
    async schedule(payload) {
      if (calls++ % (failures + 1) < failures) {
        failed++;
        throw Object.assign(new Error('injected: CreateSchedule failed'), { name: 'ServiceUnavailableException' });
      }
      return inner.schedule(payload);
    },
    cancel: (payload) => inner.cancel(payload),
  };
}

/** Publish fails the first `failures` times for every message, then succeeds. */
export function failingPublisher(inner: AlertPublisher, failures: number): AlertPublisher & { readonly failed: number } {
  const attempts = new Map<string, number>();
  let failed = 0;
  return {
    get failed() {
      return failed;
    },
    async publish(alert) {
      const key = `${alert.caseNumber}/${alert.alertId}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      if (attempt <= failures) {
        failed++;
        throw Object.assign(new Error('injected: Publish failed'), { name: 'InternalErrorException' });
      }
      return inner.publish(alert);
    },
  };
}

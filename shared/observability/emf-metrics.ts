import type { MetricName, Metrics } from '../ports/metrics.js';

export const METRIC_NAMESPACE = 'SupportSla';

/**
 * CloudWatch embedded metric format: one JSON line per data point on stdout,
 * which Lambda ships to CloudWatch Logs, where it becomes a metric. No API call,
 * no added latency, nothing to fail.
 */
export class EmfMetrics implements Metrics {
  constructor(
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly now: () => number = Date.now,
  ) {}

  count(name: MetricName, value: number, dimensions: Readonly<Record<string, string>> = {}): void {
    this.write(
      JSON.stringify({
        _aws: {
          Timestamp: this.now(),
          CloudWatchMetrics: [{ Namespace: METRIC_NAMESPACE, Dimensions: [Object.keys(dimensions)], Metrics: [{ Name: name, Unit: 'Count' }] }],
        },
        ...dimensions,
        [name]: value,
      }),
    );
  }
}

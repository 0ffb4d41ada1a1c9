import { describe, expect, it } from 'vitest';
import { EmfMetrics } from '../../shared/observability/emf-metrics.js';

describe('EmfMetrics', () => {
  it('writes one embedded-metric-format line per data point', () => {
    const lines: string[] = [];
    new EmfMetrics((line) => lines.push(line), () => 1_700_000_000_000).count('SlaBreaches', 1, { Level: 'I' });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        _aws: { Timestamp: 1_700_000_000_000, CloudWatchMetrics: [{ Namespace: 'SupportSla', Dimensions: [['Level']], Metrics: [{ Name: 'SlaBreaches', Unit: 'Count' }] }] },
        Level: 'I',
        SlaBreaches: 1,
      },
    ]);
  });
});

import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { OutboundAlert } from '../../domain/alert-message.js';
import type { AlertPublisher } from '../../ports/alert-publisher.js';
import { type Clock, systemClock } from '../../ports/clock.js';

/**
 * Local alerts for `npm start`: each alert is printed and appended as one JSON
 * line to a file in the data folder (`.data/alerts.jsonl`), where a test or a
 * person can read what SNS would have sent.
 */
export class LocalAlertPublisher implements AlertPublisher {
  constructor(
    private readonly file: string,
    private readonly print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly clock: Clock = systemClock,
  ) {}

  async publish(alert: OutboundAlert): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    // What SNS would have been given, and nothing of the outbox's bookkeeping (status, attempts, lease).
    const { alertId, caseNumber, topic, subject, sms, email, attributes } = alert;
    const line = { sentAt: new Date(this.clock.now()).toISOString(), status: 'sent', alertId, caseNumber, topic, subject, sms, email, attributes };
    await appendFile(this.file, `${JSON.stringify(line)}\n`);
    this.print(`ALERT [${alert.topic}] ${alert.subject}`);
  }
}

import type { OutboundAlert } from '../domain/alert-message.js';

/** Sends one alert to one topic. Only a notice: the alert is recorded in the table before it is sent. */
export interface AlertPublisher {
  publish(alert: OutboundAlert): Promise<void>;
}

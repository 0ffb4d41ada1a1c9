import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { OutboundAlert } from '../../domain/alert-message.js';
import type { AlertTopic } from '../../domain/support-policy.js';
import type { AlertPublisher } from '../../ports/alert-publisher.js';

/**
 * Publishes an alert to its SNS topic with one message per protocol: the email
 * body (with the ASCII subject) for email subscribers, the one-segment text for
 * SMS. Message attributes (level, kind, case number) let subscriptions filter.
 */
export class SnsAlertPublisher implements AlertPublisher {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArns: Readonly<Record<AlertTopic, string>>,
  ) {}

  async publish(alert: OutboundAlert): Promise<void> {
    await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArns[alert.topic],
        Subject: alert.subject,
        MessageStructure: 'json',
        Message: JSON.stringify({ default: alert.email, email: alert.email, sms: alert.sms }),
        MessageAttributes: {
          level: { DataType: 'String', StringValue: alert.attributes.level },
          kind: { DataType: 'String', StringValue: alert.attributes.kind },
          caseNumber: { DataType: 'String', StringValue: alert.attributes.caseNumber },
        },
      }),
    );
  }
}

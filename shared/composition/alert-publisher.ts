import { SNSClient } from '@aws-sdk/client-sns';
import { SnsAlertPublisher } from '../adapters/sns/sns-alert-publisher.js';
import { type AppConfig, required } from '../config/app-config.js';
import type { AlertPublisher } from '../ports/alert-publisher.js';
import { AWS_CALL_LIMITS, lazy } from './settings.js';

/** The SNS alert topics, built on the first alert sent. */
export function snsPublisher(config: Pick<AppConfig, 'AWS_REGION' | 'ONCALL_TOPIC_ARN' | 'SUPPORT_TOPIC_ARN' | 'MANAGEMENT_TOPIC_ARN'>): AlertPublisher {
  return lazy<AlertPublisher>(
    () =>
      new SnsAlertPublisher(new SNSClient({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), {
        oncall: required(config, 'ONCALL_TOPIC_ARN'),
        support: required(config, 'SUPPORT_TOPIC_ARN'),
        management: required(config, 'MANAGEMENT_TOPIC_ARN'),
      }),
  );
}

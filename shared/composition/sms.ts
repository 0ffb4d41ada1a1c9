import { SNSClient } from '@aws-sdk/client-sns';
import { SnsSmsSender } from '../adapters/sns/sns-sms-sender.js';
import type { AppConfig } from '../config/app-config.js';
import type { SmsSender } from '../ports/sms-sender.js';
import { AWS_CALL_LIMITS, lazy } from './settings.js';

/** SMS straight to phone numbers through SNS, from the configured origination identity; built on the first SMS. */
export function snsSms(config: Pick<AppConfig, 'AWS_REGION' | 'SMS_ORIGINATION'>): SmsSender {
  return lazy<SmsSender>(() => new SnsSmsSender(new SNSClient({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), config.SMS_ORIGINATION));
}

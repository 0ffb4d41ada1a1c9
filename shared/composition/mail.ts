import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailSender } from '../adapters/ses/ses-mail-sender.js';
import { type AppConfig, mailSettingsOf, required } from '../config/app-config.js';
import type { MailSettings } from '../domain/customer-mail.js';
import type { MailSender } from '../ports/mail-sender.js';
import { AWS_CALL_LIMITS, lazy } from './settings.js';

/** Mail as it leaves in AWS: SES through the configuration set, built on the first mail sent (customer mail, page mail). */
export function sesSender(config: Pick<AppConfig, 'AWS_REGION' | 'SES_CONFIGURATION_SET'>): MailSender {
  const region = config.AWS_REGION;
  return lazy<MailSender>(() => new SesMailSender(new SESv2Client({ region, ...AWS_CALL_LIMITS }), { configurationSet: required(config, 'SES_CONFIGURATION_SET'), region }));
}

/** Customer mail as it leaves in AWS: SES, with the configured addresses and portal link. */
export function sesMail(config: Pick<AppConfig, 'AWS_REGION' | 'SES_CONFIGURATION_SET' | 'MAIL_DOMAIN' | 'MAIL_FROM' | 'PORTAL_URL'>): { readonly sender: MailSender; readonly settings: MailSettings } {
  return { sender: sesSender(config), settings: mailSettingsOf(config) };
}

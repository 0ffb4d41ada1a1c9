import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailSender } from '../adapters/ses/ses-mail-sender.js';
import { type AppConfig, mailSettingsOf, required } from '../config/app-config.js';
import type { MailSettings } from '../domain/customer-mail.js';
import type { MailSender } from '../ports/mail-sender.js';
import { AWS_CALL_LIMITS, lazy } from './settings.js';

/** Customer mail as it leaves in AWS: SES (built on the first mail sent), with the configured addresses. */
export function sesMail(config: AppConfig): { readonly sender: MailSender; readonly settings: MailSettings } {
  const region = config.AWS_REGION;
  return {
    sender: lazy<MailSender>(() => new SesMailSender(new SESv2Client({ region, ...AWS_CALL_LIMITS }), { configurationSet: required(config, 'SES_CONFIGURATION_SET'), region })),
    settings: mailSettingsOf(config),
  };
}

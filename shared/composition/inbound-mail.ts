import { S3Client } from '@aws-sdk/client-s3';
import { postalMimeParser } from '../adapters/mime/postal-mime-parser.js';
import { INBOUND_PREFIX, S3RawMail } from '../adapters/s3/s3-raw-mail.js';
import { dependencies } from '../composition-root.js';
import { required } from '../config/app-config.js';
import type { ReceiveMail } from '../use-cases/receive-mail.js';
import { AWS_CALL_LIMITS, appConfig } from './settings.js';

let inbound: { readonly receiveMail: ReceiveMail; readonly rawMail: S3RawMail } | undefined;

/**
 * functions/inbound-mail: the inbound use case with the MIME parser (only this function bundles one), and the bucket
 * the receipt rule stores messages in. A reply becomes a comment, which may move timers and paging, so it runs on
 * the full wiring (see cases-update.ts).
 */
export function inboundMail(): { readonly receiveMail: ReceiveMail; readonly rawMail: S3RawMail } {
  const config = appConfig();
  inbound ??= {
    receiveMail: dependencies().receiveMailWith(postalMimeParser),
    rawMail: new S3RawMail(new S3Client({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), required(config, 'INBOUND_MAIL_BUCKET'), INBOUND_PREFIX),
  };
  return inbound;
}

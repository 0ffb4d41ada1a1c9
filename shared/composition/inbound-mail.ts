import { S3Client } from '@aws-sdk/client-s3';
import { postalMimeParser } from '../adapters/mime/postal-mime-parser.js';
import { INBOUND_PREFIX, S3RawMail } from '../adapters/s3/s3-raw-mail.js';
import { CUSTOMER_MAIL_SETTINGS, DATA_SETTINGS, INBOUND_MAIL_SETTINGS, MAIL_IDENTITY_SETTINGS, MAIL_TRANSPORT_SETTINGS, required } from '../config/app-config.js';
import { makeAddComment } from '../use-cases/case-updates.js';
import { makeReceiveMail } from '../use-cases/receive-mail.js';
import { caseDataOf } from './case-data.js';
import { caseChangesOf } from './cases-update.js';
import { outboxOf } from './outbox.js';
import { sesMail } from './mail.js';
import { ownComposition } from './provided.js';
import { AWS_CALL_LIMITS, basicsOf } from './settings.js';

/**
 * functions/inbound-mail: the inbound use case with the MIME parser (only this function bundles one), and the bucket
 * the receipt rule stores messages in. A reply becomes a comment exactly as in cases-update (what it records for
 * afterwards is carried out from the stream); SES is there for the one reply to a message that names no case. No
 * full wiring stands in for it (the local runtime hands received mail to the use case itself).
 */
export const inboundMail = ownComposition([DATA_SETTINGS, MAIL_IDENTITY_SETTINGS, MAIL_TRANSPORT_SETTINGS, CUSTOMER_MAIL_SETTINGS, INBOUND_MAIL_SETTINGS], (config) => {
  const data = caseDataOf(config);
  const changes = caseChangesOf(config, data);
  const { sender, settings } = sesMail(config);
  return {
    receiveMail: makeReceiveMail({ ...basicsOf(config), ...changes, outbox: outboxOf(data), addComment: makeAddComment(changes), parser: postalMimeParser, sender, settings }),
    rawMail: new S3RawMail(new S3Client({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }), required(config, 'INBOUND_MAIL_BUCKET'), INBOUND_PREFIX),
  };
});

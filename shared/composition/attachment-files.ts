import { S3Client } from '@aws-sdk/client-s3';
import { S3AttachmentStore } from '../adapters/s3/s3-attachment-store.js';
import { type AppConfig, required } from '../config/app-config.js';
import type { AttachmentStore } from '../ports/attachment-store.js';
import type { Clock } from '../ports/clock.js';
import { AWS_CALL_LIMITS, lazy } from './settings.js';

/** The private attachment bucket (presigned POST and GET), built on the first upload or download. */
export function s3Files(config: Pick<AppConfig, 'AWS_REGION' | 'ATTACHMENTS_BUCKET' | 'ATTACHMENTS_REQUIRE_SCAN'>, clock: Clock): AttachmentStore {
  return lazy<AttachmentStore>(
    () =>
      new S3AttachmentStore(
        new S3Client({ region: config.AWS_REGION, ...AWS_CALL_LIMITS }),
        { bucket: required(config, 'ATTACHMENTS_BUCKET'), requireScan: config.ATTACHMENTS_REQUIRE_SCAN === 'true' },
        clock,
      ),
  );
}

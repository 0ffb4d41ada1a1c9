import { GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, NotFound, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { downloadDisposition } from '../../domain/attachment.js';
import { DomainError } from '../../domain/errors.js';
import { formatInstant } from '../../domain/instant-text.js';
import type { AttachmentStore, DownloadGrant, StoredFileState, UploadGrant } from '../../ports/attachment-store.js';
import type { Clock } from '../../ports/clock.js';

/** The tag GuardDuty Malware Protection for S3 puts on every object it has scanned. */
export const SCAN_STATUS_TAG = 'GuardDutyMalwareScanStatus';

/**
 * Attachments in a private S3 bucket. Uploads are presigned POSTs whose policy
 * fixes the key, the content type and a content-length range; downloads are
 * presigned GETs answered as attachments. With `requireScan`, a file is handed
 * out only once GuardDuty has tagged it clean.
 */
export class S3AttachmentStore implements AttachmentStore {
  constructor(
    private readonly client: S3Client,
    private readonly options: { readonly bucket: string; readonly requireScan: boolean },
    private readonly clock: Clock,
  ) {}

  async grantUpload(request: { key: string; contentType: string; maxBytes: number; expiresInSeconds: number }): Promise<UploadGrant> {
    const expiresAt = this.expiry(request.expiresInSeconds);
    const { url, fields } = await this.call(() =>
      createPresignedPost(this.client, {
        Bucket: this.options.bucket,
        Key: request.key,
        Conditions: [
          ['content-length-range', 1, request.maxBytes],
          ['eq', '$Content-Type', request.contentType],
        ],
        Fields: { 'Content-Type': request.contentType },
        Expires: request.expiresInSeconds,
      }),
    );
    return { url, fields, expiresAt };
  }

  async grantDownload(request: { key: string; fileName: string; contentType: string; expiresInSeconds: number }): Promise<DownloadGrant> {
    const expiresAt = this.expiry(request.expiresInSeconds);
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: request.key,
      ResponseContentDisposition: downloadDisposition(request.fileName),
      ResponseContentType: request.contentType,
    });
    const url = await this.call(() => getSignedUrl(this.client, command, { expiresIn: request.expiresInSeconds, signingDate: new Date(this.clock.now()) }));
    return { url, expiresAt };
  }

  async fileState(key: string): Promise<StoredFileState> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
    } catch (error) {
      if (error instanceof NotFound || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return 'missing';
      throw unavailable(error);
    }
    if (!this.options.requireScan) return 'clean';
    const tagging = await this.call(() => this.client.send(new GetObjectTaggingCommand({ Bucket: this.options.bucket, Key: key })));
    const status = tagging.TagSet?.find((tag) => tag.Key === SCAN_STATUS_TAG)?.Value;
    if (status === 'NO_THREATS_FOUND') return 'clean';
    return status === 'THREATS_FOUND' ? 'threat' : 'unscanned';
  }

  private expiry(seconds: number): string {
    return formatInstant(this.clock.now() + seconds * 1000);
  }

  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw unavailable(error);
    }
  }
}

function unavailable(error: unknown): DomainError {
  return new DomainError('store-unavailable', 'the attachment store did not answer; retry', { cause: (error as Error).name });
}

import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** A received message as SES's S3 action stored it (`<prefix><SES message id>`), read whole, or its size when over `maxBytes`. */
export class S3RawMail {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async read(sesMessageId: string, maxBytes: number): Promise<{ readonly raw: Uint8Array } | { readonly tooLarge: number }> {
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: `${this.prefix}${sesMessageId}` }));
    if ((object.ContentLength ?? 0) > maxBytes) {
      await object.Body?.transformToByteArray().catch(() => undefined);
      return { tooLarge: object.ContentLength ?? 0 };
    }
    if (!object.Body) throw new Error('the stored message has no body');
    return { raw: await object.Body.transformToByteArray() };
  }
}

/** Where the receipt rule's S3 action puts messages. */
export const INBOUND_PREFIX = 'inbound/';

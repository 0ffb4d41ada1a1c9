import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { INBOUND_PREFIX, S3RawMail } from '../../shared/adapters/s3/s3-raw-mail.js';

const s3 = mockClient(S3Client);
/** The part of the SDK's streaming body the adapter uses. */
const body = (text: string) => ({ transformToByteArray: async () => new Uint8Array(Buffer.from(text)) }) as unknown as GetObjectCommandOutput['Body'];

beforeEach(() => s3.reset());

describe('S3RawMail', () => {
  it('reads the message the receipt rule stored under the inbound prefix, by the SES message id', async () => {
    s3.on(GetObjectCommand).resolves({ ContentLength: 12, Body: body('Subject: hi\n') });
    const read = await new S3RawMail(new S3Client({ region: 'eu-west-1' }), 'inbound-bucket', INBOUND_PREFIX).read('o3vrnd2p1d8cl5sc', 1024);
    expect(s3.commandCalls(GetObjectCommand).map((call) => call.args[0].input)).toEqual([{ Bucket: 'inbound-bucket', Key: 'inbound/o3vrnd2p1d8cl5sc' }]);
    expect(Buffer.from((read as { raw: Uint8Array }).raw).toString()).toBe('Subject: hi\n');
  });

  it('reports a message over the limit by its size, without handing it on', async () => {
    s3.on(GetObjectCommand).resolves({ ContentLength: 2048, Body: body('x'.repeat(2048)) });
    expect(await new S3RawMail(new S3Client({ region: 'eu-west-1' }), 'b', INBOUND_PREFIX).read('m', 1024)).toEqual({ tooLarge: 2048 });
  });
});

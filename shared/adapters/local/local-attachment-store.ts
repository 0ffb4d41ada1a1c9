import { createHmac, timingSafeEqual } from 'node:crypto';
import { fileKey } from '../crypto/signing-keys.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod/mini';
import { downloadDisposition } from '../../domain/attachment.js';
import { formatInstant } from '../../domain/instant-text.js';
import type { AttachmentStore, DownloadGrant, StoredFileState, UploadGrant } from '../../ports/attachment-store.js';
import type { Clock } from '../../ports/clock.js';

/** Where the local runtime takes uploads and serves downloads (same origin as the portal and the API). */
export const LOCAL_ATTACHMENTS_PATH = '/local/attachments';
const KEY_PATTERN = /^cases\/\d{8}\/[0-9a-f-]{36}$/;
const SIGNING_KEY_FILE = '.attachment-key';

const storageKey = z.string().check(z.regex(KEY_PATTERN));
const uploadPolicySchema = z.strictObject({ key: storageKey, contentType: z.string(), maxBytes: z.number().check(z.int(), z.positive()), expires: z.number() });
const downloadTokenSchema = z.strictObject({ key: storageKey, fileName: z.string(), contentType: z.string(), expires: z.number() });

export type Refusal = { readonly status: 400 | 403 | 404 | 413; readonly message: string };
export type LocalDownload = { readonly status: 200; readonly body: Buffer; readonly contentType: string; readonly disposition: string };

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Attachments in a folder under DATA_DIR, behind links signed like S3's: an
 * upload form whose signed policy fixes the key, the content type, the largest
 * size and the expiry; a download link signed with its key, name, type and
 * expiry. The signing key is made on first use into the folder (git-ignored).
 */
export class LocalAttachmentStore implements AttachmentStore {
  private signingKey: Promise<Buffer> | undefined;

  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}

  async grantUpload(request: { key: string; contentType: string; maxBytes: number; expiresInSeconds: number }): Promise<UploadGrant> {
    const expires = this.clock.now() + request.expiresInSeconds * 1000;
    const policy = encode({ key: request.key, contentType: request.contentType, maxBytes: request.maxBytes, expires });
    return { url: LOCAL_ATTACHMENTS_PATH, fields: { key: request.key, 'Content-Type': request.contentType, policy, signature: await this.sign(policy) }, expiresAt: formatInstant(expires) };
  }

  async grantDownload(request: { key: string; fileName: string; contentType: string; expiresInSeconds: number }): Promise<DownloadGrant> {
    const expires = this.clock.now() + request.expiresInSeconds * 1000;
    const token = encode({ key: request.key, fileName: request.fileName, contentType: request.contentType, expires });
    return { url: `${LOCAL_ATTACHMENTS_PATH}/download?${new URLSearchParams({ token, signature: await this.sign(token) })}`, expiresAt: formatInstant(expires) };
  }

  async fileState(key: string): Promise<StoredFileState> {
    return KEY_PATTERN.test(key) && existsSync(join(this.dir, key)) ? 'clean' : 'missing';
  }

  /** A form upload as S3 takes it: stored when its policy is signed, unexpired and every condition holds. */
  async acceptUpload(form: FormData): Promise<{ readonly status: 204 } | Refusal> {
    const policyText = form.get('policy');
    const policy = typeof policyText === 'string' ? await this.verified(policyText, form.get('signature'), uploadPolicySchema) : undefined;
    if (!policy) return { status: 403, message: 'the upload is not signed by this service' };
    if (this.clock.now() > policy.expires) return { status: 403, message: 'the upload link has expired' };
    if (form.get('key') !== policy.key || form.get('Content-Type') !== policy.contentType) return { status: 403, message: 'the form does not match its policy' };
    const file = form.get('file');
    if (!(file instanceof Blob)) return { status: 400, message: 'the form has no file' };
    if (file.size < 1 || file.size > policy.maxBytes) return { status: 413, message: `the file must be 1 to ${policy.maxBytes} bytes` };
    const path = join(this.dir, policy.key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.from(await file.arrayBuffer()));
    return { status: 204 };
  }

  /** The file a signed, unexpired download link names. */
  async openDownload(query: URLSearchParams): Promise<LocalDownload | Refusal> {
    const token = await this.verified(query.get('token') ?? '', query.get('signature'), downloadTokenSchema);
    if (!token) return { status: 403, message: 'the link is not signed by this service' };
    if (this.clock.now() > token.expires) return { status: 403, message: 'the download link has expired' };
    const path = join(this.dir, token.key);
    if (!existsSync(path)) return { status: 404, message: 'no such file' };
    return { status: 200, body: readFileSync(path), contentType: token.contentType, disposition: downloadDisposition(token.fileName) };
  }

  private async verified<S extends z.core.$ZodType>(payload: string, signature: unknown, schema: S): Promise<z.output<S> | undefined> {
    if (typeof signature !== 'string') return undefined;
    const expected = Buffer.from(await this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const parsed = z.safeParse(schema, JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Signed with the folder's key, made whole on first use like every local signing key. */
  private async sign(payload: string): Promise<string> {
    this.signingKey ??= fileKey(join(this.dir, SIGNING_KEY_FILE))();
    return createHmac('sha256', await this.signingKey).update(payload).digest('base64url');
  }
}

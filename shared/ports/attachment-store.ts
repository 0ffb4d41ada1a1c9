/** A signed form upload: POST `fields` and then the file (as `file`) to `url` as multipart/form-data before `expiresAt`. */
export interface UploadGrant {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

/** A signed link that downloads the file (as an attachment, never shown inline) until `expiresAt`. */
export interface DownloadGrant {
  readonly url: string;
  readonly expiresAt: string;
}

/**
 * Whether a stored file may be handed out: `missing` (never uploaded), `unscanned` (waiting
 * for the malware scan), `clean`, or `threat` (the scan found one). Without scanning, every
 * stored file is `clean`.
 */
export type StoredFileState = 'missing' | 'unscanned' | 'clean' | 'threat';

/**
 * Where attachment files live: S3 in AWS, a folder locally. The service never
 * carries a file itself; it signs uploads and downloads that go straight to the store.
 */
export interface AttachmentStore {
  grantUpload(request: { readonly key: string; readonly contentType: string; readonly maxBytes: number; readonly expiresInSeconds: number }): Promise<UploadGrant>;
  grantDownload(request: { readonly key: string; readonly fileName: string; readonly contentType: string; readonly expiresInSeconds: number }): Promise<DownloadGrant>;
  fileState(key: string): Promise<StoredFileState>;
}

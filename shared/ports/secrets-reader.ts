import type { CaseSecrets } from '../domain/support-case.js';

/** The secrets customers supplied with a case, read from their own table: only the credentials route reads them. */
export interface SecretsReader {
  getSecrets(caseNumber: string): Promise<CaseSecrets>;
}

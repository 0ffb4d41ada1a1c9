import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { formatInstant } from '../domain/instant-text.js';
import { type Principal, visibleTo } from '../domain/principal.js';
import type { CaseSecrets } from '../domain/support-case.js';
import type { CaseReader } from '../ports/case-reader.js';
import type { CaseTimeline } from '../ports/case-update-store.js';
import type { Clock } from '../ports/clock.js';
import type { SecretsReader } from '../ports/secrets-reader.js';

/** What the credentials route reads and writes: the case (one read), its timeline (one append), the secrets table. */
export interface ReadCredentialsDeps {
  readonly cases: Pick<CaseReader, 'getCase'>;
  readonly timeline: CaseTimeline;
  readonly clock: Clock;
  readonly secrets: SecretsReader;
}

/**
 * The stored secrets, for agents only; every read is recorded in the timeline before it is answered. A module of its
 * own (functions/case-credentials), so the functions that change cases neither bundle it nor may read the secrets.
 */
export function makeReadCredentials(deps: ReadCredentialsDeps) {
  return async function readCredentials(principal: Principal, caseNumber: string): Promise<CaseSecrets> {
    visibleTo(principal, caseNumber, await deps.cases.getCase(caseNumber));
    if (principal.role !== 'agent') throw new DomainError('forbidden', 'only agents may read a case\'s credentials');
    await deps.timeline.appendEvents(caseNumber, [{
      kind: 'credentials-read',
      at: formatInstant(deps.clock.now()),
      actor: { role: principal.role, name: principal.name },
      visibility: 'internal',
      discriminator: randomUUID(),
      details: { reader: principal.name, readerId: principal.sub },
    }]);
    return deps.secrets.getSecrets(caseNumber);
  };
}

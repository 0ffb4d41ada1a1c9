import { DomainError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../ports/clock.js';
import type { CaseUpdateStore } from '../ports/case-update-store.js';
import type { DueWork } from '../ports/due-work.js';
import { purgeSecrets as purgeSecretsStep, startDraft, toChange } from './case-decisions.js';

const MAX_ATTEMPTS = 4;

/**
 * Purges a closed case's customer secrets once `policy.secretsRetentionAfterClose` has passed since it was closed
 * (the sweeper finds due purges through the pending index): the secrets item is deleted, the case no longer
 * claims to hold them, and the timeline records it, in one conditional transaction. Safe to run twice.
 */
export function makePurgeSecrets(deps: { readonly updates: CaseUpdateStore; readonly due: Pick<DueWork, 'retirePurge'>; readonly clock: Clock; readonly logger: Logger }) {
  return async function purgeSecrets(caseNumber: string): Promise<'purged' | 'kept'> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const loaded = await deps.updates.loadCase(caseNumber);
      if (!loaded) return 'kept';
      const draft = purgeSecretsStep(startDraft(loaded.supportCase, loaded.timers, deps.clock.now()));
      if (draft.secretsPurge?.action !== 'purge') {
        // Listed as due, but the case says otherwise (reopened, or closed again later): the listing is out of date.
        if (loaded.supportCase.secretsPurgeDueAt === null) await deps.due.retirePurge(caseNumber);
        return 'kept';
      }
      if ((await deps.updates.applyCaseChange(toChange(draft))) === 'applied') {
        deps.logger.info('customer secrets purged', { caseNumber });
        return 'purged';
      }
    }
    throw new DomainError('store-unavailable', `case ${caseNumber} kept changing while its secrets were purged; retry`);
  };
}

export type PurgeSecrets = ReturnType<typeof makePurgeSecrets>;

import { dependencies } from '../composition-root.js';

/**
 * functions/cases-update: a change may move timers (and with them on-call paging), so, like intake, it runs on the
 * full wiring (composition-root.ts) until paging has builders of its own here.
 */
export const casesUpdate = (): Pick<ReturnType<typeof dependencies>, 'updateCase' | 'addComment' | 'requestEscalation' | 'readCredentials'> => dependencies();

import { dependencies } from '../composition-root.js';

/**
 * functions/cases-write: opening a case starts its timers, its alerts, its customer mail and (levels I and II) its
 * on-call page, so intake runs on the full wiring (composition-root.ts) until paging has builders of its own here.
 */
export const casesWrite = (): Pick<ReturnType<typeof dependencies>, 'openCase'> => dependencies();

import { required } from '../config/app-config.js';
import { oncallConfig } from '../config/oncall-config.js';
import { caseDataOf } from './case-data.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import { dueWorkOf } from './due-work.js';
import { sesMail } from './mail.js';
import { ackTokensOf } from './ack-tokens.js';
import { pageStoreOf } from './page-store.js';
import { ackLinksUnder, oncallStoreOf, pageMailFromOf, pagingSteps, rotaOf } from './paging-parts.js';
import { composition } from './provided.js';
import { basicsOf } from './settings.js';
import { snsSms } from './sms.js';

/**
 * functions/paging: fires paging steps, sends their SMS (SNS) and mail (SES) with links signed with the link key,
 * and runs the paging sweep. Every step is armed when its page starts, so it schedules nothing; the links point at
 * PUBLIC_API_URL.
 */
export const paging = composition((config) => {
  const data = caseDataOf(config);
  const basics = basicsOf(config);
  const publicUrl = required(config, 'PUBLIC_API_URL');
  const oncallSettings = oncallConfig();
  return {
    paging: pagingSteps({
      ...basics,
      updates: caseUpdateStoreOf(data),
      due: dueWorkOf(data),
      oncallConfig: oncallSettings,
      rota: rotaOf({ clock: basics.clock, oncall: oncallStoreOf(data), oncallConfig: oncallSettings }),
      pages: pageStoreOf(data),
      tokens: ackTokensOf(config, basics.clock),
      sms: snsSms(config),
      pageMail: sesMail(config).sender,
      ackLink: ackLinksUnder(() => publicUrl),
      mailFrom: pageMailFromOf(config),
    }),
  };
});

import { ACK_KEY_SETTINGS, DATA_SETTINGS, MAIL_IDENTITY_SETTINGS, MAIL_TRANSPORT_SETTINGS, PAGE_SENDING_SETTINGS, PUBLIC_API_SETTINGS, required } from '../config/app-config.js';
import { oncallConfig } from '../config/oncall-config.js';
import { caseDataOf } from './case-data.js';
import { caseUpdateStoreOf } from './case-update-store.js';
import { dueWorkOf } from './due-work.js';
import { sesSender } from './mail.js';
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
export const paging = composition([DATA_SETTINGS, ACK_KEY_SETTINGS, PUBLIC_API_SETTINGS, PAGE_SENDING_SETTINGS, MAIL_IDENTITY_SETTINGS, MAIL_TRANSPORT_SETTINGS], (config) => {
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
      pageMail: sesSender(config),
      ackLink: ackLinksUnder(() => publicUrl),
      mailFrom: pageMailFromOf(config),
    }),
  };
});

import { DynamoDbOncallStore } from '../adapters/dynamodb/dynamodb-oncall-store.js';
import type { AppConfig } from '../config/app-config.js';
import type { OncallConfig } from '../domain/oncall-config.js';
import type { AckTokens } from '../ports/ack-tokens.js';
import type { MailSender } from '../ports/mail-sender.js';
import type { OncallStore } from '../ports/oncall-store.js';
import type { PageStore } from '../ports/page-store.js';
import type { SmsSender } from '../ports/sms-sender.js';
import { makeRota } from '../use-cases/oncall-rota.js';
import { makePaging, makePagingDryRun } from '../use-cases/paging.js';
import type { CaseData } from './case-data.js';
import type { ServicePorts } from './ports.js';

/*
 * Builders that the oncall, paging and canary compositions (and the full wiring) share. The pages function's own
 * (pages.ts, page-store.ts, ack-tokens.ts) are kept out of here, so that it bundles nothing of the rota.
 */

/** The on-call schedules and overrides, in the case table. */
export const oncallStoreOf = (data: CaseData): OncallStore => new DynamoDbOncallStore(data.dynamo, data.tableName);

/** The sender of page mail: PAGE_MAIL_FROM, or `oncall@` the domain SES sends from. */
export const pageMailFromOf = (config: Pick<AppConfig, 'PAGE_MAIL_FROM' | 'MAIL_DOMAIN'>): string => config.PAGE_MAIL_FROM ?? `oncall@${config.MAIL_DOMAIN}`;

/** The acknowledgement link of a page's token, under the API's base URL. */
export const ackLinksUnder =
  (publicUrl: () => string) =>
  (pageId: string, token: string): string =>
    `${publicUrl()}/pages/${pageId}/acknowledge?token=${encodeURIComponent(token)}`;

/** What paging is built from besides the service's own ports. */
export interface PagingPorts {
  readonly oncallConfig: OncallConfig;
  readonly pages: PageStore;
  readonly oncall: OncallStore;
  readonly tokens: AckTokens;
  readonly sms: SmsSender;
  /** Page mail; without it pages go by SMS only. */
  readonly pageMail: MailSender | undefined;
  /** The acknowledgement link of a token. */
  readonly ackLink: (pageId: string, token: string) => string;
  readonly mailFrom: string;
}

type Basics = Pick<ServicePorts, 'clock' | 'logger' | 'metrics'>;

/** The on-call rota (functions/oncall; paging reads it). */
export function rotaOf(ports: Pick<ServicePorts, 'clock'> & Pick<PagingPorts, 'oncall' | 'oncallConfig'>) {
  return makeRota({ oncall: ports.oncall, config: ports.oncallConfig, clock: ports.clock });
}

/** functions/paging: paging steps, their messages and the paging sweep. */
export function pagingSteps(ports: Basics & Pick<ServicePorts, 'updates' | 'due'> & Omit<PagingPorts, 'oncall'> & { readonly rota: ReturnType<typeof rotaOf> }) {
  return makePaging({ ...ports, config: ports.oncallConfig, mail: ports.pageMail });
}

/** functions/canary: the paging path's dry run (the rota, the messages on the channels pages go by, a link token). */
export function pagingDryRun(ports: Pick<ServicePorts, 'clock'> & Pick<PagingPorts, 'oncallConfig' | 'tokens'> & { readonly rota: ReturnType<typeof rotaOf>; readonly pageMail: boolean }) {
  return makePagingDryRun({ ...ports, config: ports.oncallConfig });
}

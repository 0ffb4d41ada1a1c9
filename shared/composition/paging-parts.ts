import { HmacAckTokens } from '../adapters/crypto/hmac-ack-tokens.js';
import { DynamoDbOncallStore } from '../adapters/dynamodb/dynamodb-oncall-store.js';
import { DynamoDbPageStore } from '../adapters/dynamodb/dynamodb-page-store.js';
import type { AppConfig } from '../config/app-config.js';
import type { OncallConfig } from '../domain/oncall-config.js';
import type { AckTokens } from '../ports/ack-tokens.js';
import type { Clock } from '../ports/clock.js';
import type { MailSender } from '../ports/mail-sender.js';
import type { OncallStore } from '../ports/oncall-store.js';
import type { PageStore } from '../ports/page-store.js';
import type { SmsSender } from '../ports/sms-sender.js';
import { makeRota } from '../use-cases/oncall-rota.js';
import { type PageAcknowledgementDeps, makePageAcknowledgement } from '../use-cases/page-acknowledgement.js';
import { type Paging, makePaging, makePagingDryRun } from '../use-cases/paging.js';
import { makePagingReport } from '../use-cases/paging-report.js';
import type { CaseData } from './case-data.js';
import type { ServicePorts } from './ports.js';
import { signingKey } from './signing-keys.js';

/** The pages of the cases and their outbox, in the case table. */
export const pageStoreOf = (data: CaseData): PageStore => new DynamoDbPageStore(data.dynamo, data.tableName);

/** The on-call schedules and overrides, in the case table. */
export const oncallStoreOf = (data: CaseData): OncallStore => new DynamoDbOncallStore(data.dynamo, data.tableName);

/** Acknowledgement-link tokens, signed with the link key: a file locally, a Secrets Manager secret in AWS (read on the first token). */
export const ackTokensOf = (config: AppConfig, clock: Clock): AckTokens => new HmacAckTokens(signingKey(config, 'PAGE_ACK_KEY_FILE', 'PAGE_ACK_KEY_SECRET_ARN'), clock);

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

/** Acknowledging pages (staff and links) and a case's pages (functions/pages). */
export function pageAcknowledging(ports: Basics & Pick<ServicePorts, 'updates'> & Pick<PageAcknowledgementDeps, 'store'> & Pick<PagingPorts, 'pages' | 'tokens'>) {
  return makePageAcknowledgement(ports);
}

/** GET /reports/paging (functions/pages). */
export function pagingReporting(ports: Pick<ServicePorts, 'clock' | 'reportMaxDays'> & Pick<PagingPorts, 'pages'>) {
  return makePagingReport({ pages: ports.pages, clock: ports.clock, maxDays: ports.reportMaxDays });
}

/** functions/paging: paging steps, their messages and the paging sweep. */
export function pagingSteps(ports: Basics & Pick<ServicePorts, 'updates'> & Omit<PagingPorts, 'oncall'> & { readonly rota: ReturnType<typeof rotaOf> }) {
  return makePaging({ ...ports, config: ports.oncallConfig, mail: ports.pageMail });
}

/** functions/canary: the paging path's dry run (the rota, the messages on the channels pages go by, a link token). */
export function pagingDryRun(ports: Pick<ServicePorts, 'clock'> & Pick<PagingPorts, 'oncallConfig' | 'tokens'> & { readonly rota: ReturnType<typeof rotaOf>; readonly pageMail: boolean }) {
  return makePagingDryRun({ ...ports, config: ports.oncallConfig });
}

/** The rota and all of paging, as the full wiring (composition-root.ts) hands them out. */
export function fullPaging(ports: Basics & Pick<ServicePorts, 'store' | 'updates'> & PagingPorts): { readonly rota: ReturnType<typeof rotaOf>; readonly paging: Paging } {
  const rota = rotaOf(ports);
  return {
    rota,
    paging: {
      ...pagingSteps({ ...ports, rota }),
      ...pageAcknowledging(ports),
      dryRun: pagingDryRun({ ...ports, rota, pageMail: ports.pageMail !== undefined }),
    },
  };
}

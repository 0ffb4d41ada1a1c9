import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import oncallDocument from '../../config/oncall.json' with { type: 'json' };
import { HmacAckTokens } from '../../shared/adapters/crypto/hmac-ack-tokens.js';
import { LocalPageChannels } from '../../shared/adapters/local/local-page-channels.js';
import type { OncallConfig } from '../../shared/domain/oncall-config.js';
import { parseOncallConfig } from '../../shared/domain/oncall-config-document.js';
import { isPageTimer } from '../../shared/domain/sla-timers.js';
import type { SmsSender } from '../../shared/ports/sms-sender.js';
import { secretsTableName } from '../../shared/adapters/dynamodb/table-layout.js';
import { LocalAlertPublisher } from '../../shared/adapters/local/local-alert-publisher.js';
import { LocalSlaTimers } from '../../shared/adapters/local/local-sla-timers.js';
import { VirtualTimeline } from './virtual-timeline.js';
import { wire } from '../../shared/composition-root.js';
import { supportDirectory } from '../../shared/config/support-config.js';
import type { OutboundAlert } from '../../shared/domain/alert-message.js';
import type { SupportDirectory } from '../../shared/domain/support-directory.js';
import { createLogger } from '../../shared/observability/logger.js';
import type { AlertPublisher } from '../../shared/ports/alert-publisher.js';
import type { SlaTimers } from '../../shared/ports/sla-timers.js';
import type { MailSender } from '../../shared/ports/mail-sender.js';
import type { MailSettings } from '../../shared/domain/customer-mail.js';
import { freshTable } from './tables.js';
import { TableStream } from './table-stream.js';

export { VirtualTimeline } from './virtual-timeline.js';

export interface WorldOptions {
  readonly start: string;
  readonly directory?: SupportDirectory;
  /** Wraps the local adapters, e.g. with injected failures. */
  readonly timers?: (local: LocalSlaTimers) => SlaTimers;
  readonly publisher?: (local: AlertPublisher) => AlertPublisher;
  /** Customer mail: the sender (a recording one, with faults) and the settings; no customer mail without it. */
  readonly mail?: { readonly sender: MailSender; readonly settings: MailSettings };
  /** On-call paging with the committed config/oncall.json (or another), SMS and mail into a pages file. */
  readonly paging?: { readonly config?: OncallConfig; readonly sms?: (local: SmsSender) => SmsSender };
  /**
   * As in AWS: changes only record what follows, and `followUpFromStream()` carries it out from the table's stream
   * (what functions/follow-up does), instead of each change doing so at once as the local runtime does.
   */
  readonly stream?: boolean;
}

/** The SLA machinery wired with the local adapters on a fresh DynamoDB Local table, on virtual time. */
export async function slaWorld(options: WorldOptions) {
  const { client, tableName, endpoint } = await freshTable('sla', { stream: options.stream ?? false });
  const timeline = new VirtualTimeline(options.start);
  const localTimers = new LocalSlaTimers(timeline.clock, timeline);
  const alertsFile = join(mkdtempSync(join(tmpdir(), 'sla-alerts-')), 'alerts.jsonl');
  const localPublisher = new LocalAlertPublisher(alertsFile, () => undefined, timeline.clock);
  const logLines: string[] = [];
  const metrics: { name: string; value: number; dimensions: Record<string, string> }[] = [];
  const pagesFile = join(dirname(alertsFile), 'pages.jsonl');
  const localPages = new LocalPageChannels(pagesFile, () => undefined, timeline.clock);
  const ackKey = randomBytes(32);
  const deps = wire({
    ...(options.paging
      ? {
          paging: {
            config: options.paging.config ?? parseOncallConfig(oncallDocument),
            sms: options.paging.sms ? options.paging.sms(localPages) : localPages,
            mail: localPages,
            tokens: new HmacAckTokens(async () => ackKey, timeline.clock),
            publicUrl: () => 'http://localhost:3000',
            mailFrom: 'oncall@support.example',
          },
        }
      : {}),
    metrics: { count: (name, value, dimensions = {}) => metrics.push({ name, value, dimensions: { ...dimensions } }) },
    dynamo: client,
    tableName,
    secretsTableName: secretsTableName(tableName),
    timers: options.timers ? options.timers(localTimers) : localTimers,
    publisher: options.publisher ? options.publisher(localPublisher) : localPublisher,
    clock: timeline.clock,
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    directory: options.directory ?? supportDirectory(),
    mail: options.mail,
    followUpFrom: options.stream ? 'stream' : 'inline',
  });
  const stream = options.stream ? new TableStream(client, endpoint, tableName) : undefined;
  localTimers.connect((payload) => timeline.track(isPageTimer(payload.timer) ? deps.paging.firePageStep(payload) : deps.fireTimer(payload)).then(() => undefined));

  return {
    deps,
    client,
    tableName,
    timeline,
    localTimers,
    logLines,
    /** Every metric counted, in order. */
    metrics,
    /**
     * Does what functions/follow-up does with what the table's stream delivered since the last call, or all of it again `fromStart` (parses the
     * batch, carries out its work case by case); answers how many records came and what would be retried.
     */
    async followUpFromStream(options: { readonly fromStart?: boolean } = {}): Promise<{ records: number; retry: readonly string[]; unreadable: readonly string[] }> {
      if (!stream) throw new Error('this world has no stream: slaWorld({ stream: true })');
      const batch = await stream.next(options);
      const { retry, unreadable } = await timeline.track(deps.followUpStream(batch));
      return { records: batch.Records.length, retry, unreadable };
    },
    /** Every alert the local publisher sent, in order. */
    sentAlerts(): (OutboundAlert & { sentAt: string })[] {
      if (!existsSync(alertsFile)) return [];
      return readFileSync(alertsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as OutboundAlert & { sentAt: string });
    },
    /** Every SMS and page mail sent, in order (`channel`, `to`, `text`, `subject`). */
    sentPages(): { sentAt: string; channel: 'sms' | 'email'; to: string; text: string; subject?: string }[] {
      if (!existsSync(pagesFile)) return [];
      return readFileSync(pagesFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { sentAt: string; channel: 'sms' | 'email'; to: string; text: string; subject?: string });
    },
    /** A case's items of one kind (`EVENT#`, `TIMER#`, `ALERT#`), read straight from the table. */
    async items(caseNumber: string, prefix: string): Promise<Record<string, unknown>[]> {
      const result = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': { S: `CASE#${caseNumber}` }, ':prefix': { S: prefix } },
          ConsistentRead: true,
        }),
      );
      return (result.Items ?? []).map((item) => unmarshall(item));
    },
  };
}

export type SlaWorld = Awaited<ReturnType<typeof slaWorld>>;

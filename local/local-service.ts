import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { createDevVerifier } from './dev-auth.js';
import { ensureTable, localClient } from './dynamodb-local.js';
import { HANDLERS, TRIGGERS } from './handlers.js';
import { LOCAL_UPLOAD_MAX_BYTES } from './attachment-server.js';
import { servePortal } from './portal-server.js';
import { createLocalRuntime, lambdaContext, send } from './runtime.js';
import { randomUUID } from 'node:crypto';
import { type Dependencies, buildDependencies, dependencies, useDependencies } from '../shared/composition-root.js';
import { loadAppConfig } from '../shared/config/app-config.js';
import { DomainError } from '../shared/domain/errors.js';
import { problemResponse } from '../shared/http/problem.js';
import type { Clock } from '../shared/ports/clock.js';
import { timerPayload } from '../shared/use-cases/fire-timer.js';
import { startLocalMailServer } from './mail-server.js';
import { SmtpMailSender } from '../shared/adapters/smtp/smtp-mail-sender.js';
import { postalMimeParser } from '../shared/adapters/mime/postal-mime-parser.js';
import type { ReceiveMail } from '../shared/use-cases/receive-mail.js';
import { isPageTimer } from '../shared/domain/sla-timers.js';

export interface LocalService {
  readonly url: string;
  /** How many pending timers were re-armed from DynamoDB at start. */
  readonly rearmed: number;
  /** The port of the local SMTP server (inbound replies, and the mailbox outbound mail is delivered to). */
  readonly smtpPort: number;
  /** Runs the sweeper now (it also runs every `sweepIntervalMs`). */
  sweep(): Promise<unknown>;
  /**
   * Stops gracefully: accepts no new connection, stops the timers and the
   * sweeper, lets requests and trigger runs in flight finish (up to `graceMs`,
   * default 5 s), then answers any request still unanswered with 503 rather
   * than hang up on it.
   */
  close(graceMs?: number): Promise<void>;
}

/** How long requests in flight may take to finish when the service stops. */
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Serves the API over HTTP with the local adapters: sets the environment the
 * composition root reads (as the CDK stack does for Lambda), creates the table
 * if it is missing, and listens. Used by `npm start` and by the API tests.
 */
export async function startLocalService(options: {
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly dataDir: string;
  readonly port: number;
  readonly host?: string;
  readonly log?: (line: string) => void;
  readonly sweepIntervalMs?: number;
  /** A clock of the caller's (tests move time by hand); the system clock otherwise. */
  readonly clock?: Clock;
  /** The local SMTP server's port (SMTP_PORT, default 2525; 0 picks a free one). */
  readonly smtpPort?: number;
}): Promise<LocalService> {
  process.env.TABLE_NAME = options.tableName;
  process.env.DYNAMODB_ENDPOINT = options.dynamoEndpoint;
  process.env.AWS_REGION ??= 'local';
  process.env.TIMERS = 'local';
  process.env.ALERTS = 'local';
  process.env.METRICS = 'none';
  process.env.ALERTS_FILE = join(options.dataDir, 'alerts.jsonl');
  process.env.CURSOR_KEY_FILE = join(options.dataDir, 'cursor-key');
  process.env.PAGE_ACK_KEY_FILE = join(options.dataDir, 'page-ack-key');
  process.env.ATTACHMENTS = 'local';
  process.env.ATTACHMENTS_DIR = join(options.dataDir, 'attachments');
  process.env.MAIL = 'smtp';
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.PORTAL_URL ??= `http://localhost:${options.port || 3000}`;

  // The SMTP server first: its port goes into the configuration the mail sender is built from.
  let receiveMail: ReceiveMail | undefined;
  const mailServer = await startLocalMailServer({
    port: options.smtpPort ?? Number(process.env.SMTP_PORT ?? 2525),
    dataDir: options.dataDir,
    mailDomain: loadAppConfig().MAIL_DOMAIN,
    receive: (raw, received) => (receiveMail ??= dependencies().receiveMailWith(postalMimeParser))(raw, received),
    ...(options.log ? { log: options.log } : {}),
  });
  process.env.SMTP_PORT = String(mailServer.port);

  const client = localClient(options.dynamoEndpoint);
  try {
    await ensureTable(client, options.tableName);
  } finally {
    client.destroy();
  }

  // Built here with the SMTP sender (only the local runtime has nodemailer), on the caller's clock if it has one.
  const config = loadAppConfig();
  useDependencies(buildDependencies(config, options.clock, { mailSender: new SmtpMailSender({ host: config.SMTP_HOST, port: config.SMTP_PORT }) }));
  // Timers and the sweeper, as EventBridge would run them: the same handler modules, the same payloads.
  const deps = dependencies();
  // Cases kept in .data from before the report aggregates existed are counted once (a no-op after that).
  await deps.backfillReportAggregates();
  const running = new Set<Promise<void>>();
  const invoke = (name: keyof typeof TRIGGERS, event: unknown) => {
    const run = TRIGGERS[name](event, lambdaContext(name, randomUUID())).then(
      () => undefined,
      (error: unknown) => {
        (options.log ?? console.error)(JSON.stringify({ level: 'error', message: `${name} failed`, error: (error as Error).name }));
      },
    );
    running.add(run);
    void run.finally(() => running.delete(run));
    return run;
  };
  // Paging steps go to the paging function (the only one that may send SMS), every other timer to the SLA timer.
  deps.localTimers?.connect(async (payload) => {
    await invoke(isPageTimer(payload.timer) ? 'paging' : 'sla-timer', payload);
  });
  // The on-call schedules of config/oncall.json, written once (never over an edit).
  await deps.rota.seed();
  const rearmed = await rearmPendingTimers(deps);
  const sweeping = setInterval(() => {
    void invoke('sweeper', {});
    void invoke('paging', { sweep: true });
  }, options.sweepIntervalMs ?? 60_000);
  sweeping.unref();

  const server = createLocalRuntime({
    handlers: HANDLERS,
    verify: await createDevVerifier(options.dataDir),
    other: (request, response, body) => servePortal(request, response, body, options.dataDir),
    otherMaxBody: LOCAL_UPLOAD_MAX_BYTES,
    ...(options.log ? { log: options.log } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  deps.setPublicUrl(`http://localhost:${port}`);

  // Requests not yet answered, so that stopping can wait for them (and never hang up on one).
  const unanswered = new Set<ServerResponse>();
  let closing = false;
  server.on('request', (_request, response: ServerResponse) => {
    if (closing) response.setHeader('connection', 'close');
    unanswered.add(response);
    response.once('close', () => unanswered.delete(response));
  });

  let closed: Promise<void> | undefined;
  const close = async (graceMs: number) => {
    closing = true;
    clearInterval(sweeping);
    deps.localTimers?.stop();
    const mailClosed = mailServer.close();
    // No new connections; idle keep-alive ones close now, busy ones once their answer is sent.
    const allClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const response of unanswered) if (!response.headersSent) response.setHeader('connection', 'close');
    server.closeIdleConnections();
    const drained = Promise.all([allClosed, mailClosed, ...running]).then(() => true);
    if (!(await Promise.race([drained, delay(graceMs, undefined, { ref: false }).then(() => false)]))) {
      for (const response of unanswered) {
        if (!response.headersSent) send(response, problemResponse(new DomainError('store-unavailable', 'the local service is stopping; retry once it is back'), response.req.url));
      }
      await Promise.race([allClosed, delay(1_000, undefined, { ref: false })]);
      server.closeAllConnections();
    }
  };
  return {
    url: `http://localhost:${port}`,
    rearmed,
    smtpPort: mailServer.port,
    sweep: () => Promise.all([invoke('sweeper', {}), invoke('paging', { sweep: true })]),
    close: (graceMs = SHUTDOWN_GRACE_MS) => (closed ??= close(graceMs)),
  };
}

/** After a restart: every timer still pending in DynamoDB gets its in-process trigger back. */
async function rearmPendingTimers(deps: Dependencies): Promise<number> {
  if (!deps.localTimers) return 0;
  const tenYears = 10 * 366 * 86_400_000;
  let rearmed = 0;
  let after: string | undefined;
  for (const queue of ['sla', 'paging'] as const) {
    do {
      const page = await deps.due.dueTimers(Date.now() + tenYears, 500, after, queue);
      for (const timer of page.items) await deps.localTimers.schedule(timerPayload(timer.caseNumber, timer));
      rearmed += page.items.length;
      after = page.next;
    } while (after);
  }
  return rearmed;
}

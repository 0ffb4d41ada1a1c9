import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { awsClientsOf } from '../../infra/function-clients.js';
import { FUNCTION_NEEDS, type ServiceFunction } from '../../infra/function-permissions.js';
import { esbuildOptions } from '../../infra/lambda-bundling.js';
import { attachments } from '../../shared/composition/attachments.js';
import { canary, canaryTarget } from '../../shared/composition/canary.js';
import { caseCredentials } from '../../shared/composition/case-credentials.js';
import { casesRead } from '../../shared/composition/cases-read.js';
import { casesUpdate } from '../../shared/composition/cases-update.js';
import { casesWrite } from '../../shared/composition/cases-write.js';
import { followUps } from '../../shared/composition/follow-up.js';
import { health } from '../../shared/composition/health.js';
import { inboundMail } from '../../shared/composition/inbound-mail.js';
import { mailFeedbackRecording } from '../../shared/composition/mail-feedback.js';
import { oncall } from '../../shared/composition/oncall.js';
import { pages } from '../../shared/composition/pages.js';
import { paging } from '../../shared/composition/paging.js';
import type { Composition } from '../../shared/composition/provided.js';
import { reports } from '../../shared/composition/reports.js';
import { slaTimer } from '../../shared/composition/sla-triggers.js';
import { sweeper } from '../../shared/composition/sweeper.js';
import { ADAPTER_SETTINGS, ALL_SETTINGS, OBSERVABILITY_SETTINGS, type SettingsGroup } from '../../shared/config/app-config.js';

/**
 * What the Lambda bundles may hold, checked on the bundles themselves (built as the stack builds them): no luxon
 * (business time runs on Intl) and no classic zod (its API is not tree-shakable; runtime code uses zod/mini).
 * Sizes and import times are measured by `npm run bench:coldstart`, not here.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const FUNCTIONS = readdirSync(join(ROOT, 'functions')).filter((file) => file.endsWith('.ts'));

const packageOf = (input: string) => /node_modules\/((?:@[^/]+\/)?[^/]+(?:\/v4\/(?:classic|mini))?)/.exec(input)?.[1] ?? 'own code';

const builds = new Map<string, ReturnType<typeof buildOf>>();

const buildOf = (file: string) =>
  build({ ...esbuildOptions(), entryPoints: [join(ROOT, 'functions', file)], outfile: join(ROOT, 'cdk.out', 'bundle-check', file.replace(/\.ts$/, '.mjs')), write: false, metafile: true, logLevel: 'error', absWorkingDir: ROOT });

/** Each function is bundled once for all the checks below. */
async function bundled(file: string) {
  if (!builds.has(file)) builds.set(file, buildOf(file));
  return builds.get(file)!;
}

async function bundleOf(file: string) {
  return (await bundled(file)).metafile;
}

/** The bundle's code. */
async function bundledCode(file: string): Promise<string> {
  return (await bundled(file)).outputFiles.find((output) => output.path.endsWith('.mjs'))!.text;
}

async function bundledPackages(file: string): Promise<Set<string>> {
  return new Set(Object.keys((await bundleOf(file)).inputs).map(packageOf));
}

/** The modules whose code is in the bundle (modules esbuild read but shook out entirely do not count). */
async function bundledModules(file: string): Promise<string[]> {
  const output = Object.entries((await bundleOf(file)).outputs).find(([name]) => name.endsWith('.mjs'))![1];
  return Object.entries(output.inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
}

/** The AWS SDK clients whose code is in the bundle. */
async function bundledClients(file: string): Promise<string[]> {
  const clients = (await bundledModules(file)).filter((input) => packageOf(input).startsWith('@aws-sdk/client-')).map((input) => packageOf(input).slice('@aws-sdk/'.length));
  return [...new Set(clients)].sort();
}

describe('function bundles', () => {
  it.each(FUNCTIONS)('%s bundles neither luxon nor classic zod', async (file) => {
    const packages = await bundledPackages(file);
    expect(packages.has('luxon')).toBe(false);
    expect(packages.has('zod/v4/classic')).toBe(false);
  });

  it.each(FUNCTIONS)('%s bundles exactly the AWS SDK clients its needs call for', async (file) => {
    expect(await bundledClients(file)).toEqual(awsClientsOf(FUNCTION_NEEDS[file.replace(/\.ts$/, '') as ServiceFunction]));
  });

  // What answers a request, and the SLA timer, reach DynamoDB only (signing keys come through the Parameters and Secrets extension): what
  // they record for afterwards is carried out by follow-up, fed by the table's stream. The paging function also
  // sends SMS (SNS) and mail (SES); follow-up schedules, publishes, mails and starts pages.
  it.each<[ServiceFunction, string[]]>([
    ['cases-write', ['client-dynamodb']],
    ['cases-update', ['client-dynamodb']],
    ['case-credentials', ['client-dynamodb']],
    ['cases-read', ['client-dynamodb']],
    ['reports', ['client-dynamodb']],
    ['health', ['client-dynamodb']],
    ['sla-timer', ['client-dynamodb']],
    ['pages', ['client-dynamodb']],
    ['oncall', ['client-dynamodb']],
    ['canary', ['client-dynamodb']],
    ['attachments', ['client-dynamodb', 'client-s3']],
    ['paging', ['client-dynamodb', 'client-sesv2', 'client-sns']],
    ['follow-up', ['client-dynamodb', 'client-lambda', 'client-scheduler', 'client-sesv2', 'client-sns']],
    ['knowledge', []],
  ])('%s needs the AWS SDK clients %j and no other', (name, clients) => {
    expect(awsClientsOf(FUNCTION_NEEDS[name])).toEqual(clients);
  });

  // The support configuration (policy, calendars, institutions) is for the functions that read it; the words of the
  // policy (levels, topics) come from policy-terms.ts.
  const SUPPORT_CONFIGURATION = /shared\/(domain\/(support-directory|calendar-history)|config\/support-config)\.ts$/;

  it.each(['cases-read.ts', 'attachments.ts', 'pages.ts', 'oncall.ts', 'paging.ts', 'canary.ts', 'mail-feedback.ts', 'not-found.ts'])(
    '%s, which reads no support configuration, bundles none of it',
    async (file) => {
      expect((await bundledModules(file)).filter((input) => SUPPORT_CONFIGURATION.test(input))).toEqual([]);
    },
  );

  // The configuration documents are validated when the stack is built (infra/lambda-bundling.ts): a function that
  // reads one compiles what the stack validated, and bundles neither the file nor the schemas that parse it.
  const CONFIGURATION_PARSING = /^config\/(support|oncall)\.json$|shared\/(domain\/(support-config-document|support-policy|calendar-document|calendar-history-document|oncall-config-document)|config\/config-file)\.ts$/;

  it.each(FUNCTIONS)('%s bundles no configuration document and no schema of one', async (file) => {
    expect((await bundledModules(file)).filter((input) => CONFIGURATION_PARSING.test(input))).toEqual([]);
  });

  it('sees the documents and their schemas where they would be: cases-write built without the validated configuration', async () => {
    const { metafile } = await build({ ...esbuildOptions(), define: {}, entryPoints: [join(ROOT, 'functions', 'cases-write.ts')], outfile: join(ROOT, 'cdk.out', 'bundle-check', 'unvalidated.mjs'), write: false, metafile: true, logLevel: 'error', absWorkingDir: ROOT });
    const inputs = Object.entries(Object.values(metafile.outputs).find((output) => output.entryPoint)!.inputs).filter(([, { bytesInOutput }]) => bytesInOutput > 0).map(([input]) => input);
    expect(inputs.filter((input) => CONFIGURATION_PARSING.test(input))).toEqual(expect.arrayContaining(['config/support.json', 'config/oncall.json', 'shared/domain/support-config-document.ts']));
  });

  it('sees the configuration where it is read (cases-write compiles both documents)', async () => {
    const modules = await bundledModules('cases-write.ts');
    expect(modules.filter((input) => SUPPORT_CONFIGURATION.test(input))).toHaveLength(3);
    expect(modules).toContain('shared/config/oncall-config.ts');
  });

  // Functions that read cases (or write only pages and rotas, or append events to a timeline) bundle nothing of
  // intake, of the update store or of the writing of report aggregates: they read through the case reader, the case
  // loader, the report store, and append through the case timeline.
  const WRITE_SIDE = ['dynamodb-case-intake.ts', 'dynamodb-case-update-store.ts', 'aggregate-writes.ts'];
  it.each(['cases-read.ts', 'case-credentials.ts', 'attachments.ts', 'mail-feedback.ts', 'health.ts', 'reports.ts', 'pages.ts', 'oncall.ts', 'canary.ts'])('%s bundles nothing of the write side of cases', async (file) => {
    const modules = await bundledModules(file);
    expect(modules.filter((module) => WRITE_SIDE.some((name) => module.endsWith(`/${name}`)))).toEqual([]);
  });

  it('sees the write side where it is (cases-write bundles intake and aggregate writes)', async () => {
    const modules = await bundledModules('cases-write.ts');
    expect(modules.some((module) => module.endsWith('/dynamodb-case-intake.ts'))).toBe(true);
    expect(modules.some((module) => module.endsWith('/aggregate-writes.ts'))).toBe(true);
  });

  // The case reader (listings, timelines and their schemas) is for the functions that list or show cases; the health
  // check reads one item.
  it.each(FUNCTIONS)('%s bundles the case reader only if it lists or shows cases', async (file) => {
    const reader = (await bundledModules(file)).filter((module) => module.endsWith('/dynamodb-case-reader.ts'));
    expect(reader).toHaveLength(['cases-read.ts', 'attachments.ts'].includes(file) ? 1 : 0);
  });

  // Only the credentials route reads the customers' secrets (its grants say so too): no other function holds the reader.
  it.each(FUNCTIONS)('%s bundles the secrets reader only if it is the credentials route', async (file) => {
    const reader = (await bundledModules(file)).filter((module) => module.endsWith('/dynamodb-secrets-reader.ts'));
    expect(reader).toHaveLength(file === 'case-credentials.ts' ? 1 : 0);
  });

  // Changes record what a customer mail or an alert is about (its facts, recipients, ids); the senders of the outbox
  // (follow-up, the sweeper) render it when they send, so the functions that change cases bundle none of the rendering.
  const RENDERING = ['shared/domain/customer-mail.ts', 'shared/domain/alert-message.ts'];
  const rendering = async (file: string) => (await bundledModules(file)).filter((module) => RENDERING.some((name) => module.endsWith(name)));

  it.each(['cases-write.ts', 'cases-update.ts', 'sla-timer.ts'])('%s, which records mail and alerts without sending them, bundles none of their rendering', async (file) => {
    expect(await rendering(file)).toEqual([]);
  });

  it.each(['follow-up.ts', 'sweeper.ts'])('sees the rendering where mail and alerts are sent (%s)', async (file) => {
    expect((await rendering(file)).sort()).toEqual([...RENDERING].sort());
  });

  it('sees what it looks for (a bundle with zod/mini and the DynamoDB client)', async () => {
    const packages = await bundledPackages('cases-read.ts');
    expect(packages.has('zod/v4/mini')).toBe(true);
    expect(packages.has('@aws-sdk/client-dynamodb')).toBe(true);
  });

  // A function's configuration is made from the groups of settings its compositions name, with observability and the
  // adapter switches (every function's logger and its check of the adapters); the functions without a composition
  // read LOG_LEVEL alone. A group is one object literal, so its setting names are keys in the bundle exactly when its
  // schemas are there.
  const COMPOSITIONS: Record<string, readonly Composition<unknown>[]> = {
    'attachments.ts': [attachments],
    'canary.ts': [canary, canaryTarget],
    'case-credentials.ts': [caseCredentials],
    'cases-read.ts': [casesRead],
    'cases-update.ts': [casesUpdate],
    'cases-write.ts': [casesWrite],
    'follow-up.ts': [followUps],
    'health.ts': [health],
    'inbound-mail.ts': [inboundMail],
    'knowledge.ts': [],
    'mail-feedback.ts': [mailFeedbackRecording],
    'not-found.ts': [],
    'oncall.ts': [oncall],
    'pages.ts': [pages],
    'paging.ts': [paging],
    'pre-token.ts': [],
    'reports.ts': [reports],
    'sla-timer.ts': [slaTimer],
    'sweeper.ts': [sweeper],
  };
  const groupName = (group: SettingsGroup) => Object.keys(group).join('+');
  const declaredGroups = (compositions: readonly Composition<unknown>[]): string[] => {
    const groups = compositions.length > 0 ? [OBSERVABILITY_SETTINGS, ADAPTER_SETTINGS, ...compositions.flatMap((c) => c.settings)] : [OBSERVABILITY_SETTINGS];
    return [...new Set(groups.map(groupName))].sort();
  };
  /** The groups whose every setting is a key of an object in the bundle. */
  const bundledGroups = async (file: string): Promise<string[]> => {
    const code = await bundledCode(file);
    return ALL_SETTINGS.filter((group) => Object.keys(group).every((name) => new RegExp(`[{,]${name}:`).test(code)))
      .map(groupName)
      .sort();
  };

  it.each(FUNCTIONS)('%s bundles the schemas of the settings its compositions name, and no others', async (file) => {
    expect(COMPOSITIONS[file], `${file} has no entry in COMPOSITIONS`).toBeDefined();
    expect(await bundledGroups(file)).toEqual(declaredGroups(COMPOSITIONS[file]!));
  });

  it('sees the settings where they are read (follow-up, the sender of everything, holds the mail and timer settings)', async () => {
    const groups = await bundledGroups('follow-up.ts');
    expect(groups).toContain('SCHEDULE_GROUP+TIMER_FUNCTION_ARN+SCHEDULER_ROLE_ARN+TIMER_DLQ_ARN+PAGING_FUNCTION_ARN');
    expect(groups).toContain('MAIL_FROM+PORTAL_URL');
    expect(groups).not.toContain('INBOUND_MAIL_BUCKET');
  });
});

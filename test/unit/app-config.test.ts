import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  ALL_SETTINGS,
  CUSTOMER_MAIL_SETTINGS,
  DATA_SETTINGS,
  MAIL_IDENTITY_SETTINGS,
  MAIL_TRANSPORT_SETTINGS,
  PAGE_SENDING_SETTINGS,
  REPORT_SETTINGS,
  TIMER_SETTINGS,
  appConfigFrom,
  loadAppConfig,
  logLevelFrom,
  mailIdentityOf,
  mailSettingsFrom,
  required,
  urlText,
} from '../../shared/config/app-config.js';
import { appConfig } from '../../shared/composition/settings.js';
import { ConfigurationError } from '../../shared/domain/errors.js';

/** The configuration error `work` throws: what it is about and the variables it names. */
function configurationError(work: () => unknown): { message: string; fields: string[] } {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    const { message, problems } = error as ConfigurationError;
    return { message: message.slice(0, message.indexOf(':')), fields: problems.map((problem) => problem.field) };
  }
  throw new Error('no configuration error');
}

const AWS_ENV = { TABLE_NAME: 'support-cases', AWS_REGION: 'eu-west-1', REPORT_MAX_DAYS: '400', PUBLIC_API_URL: 'https://api.example.com', SCHEDULE_GROUP: 'timers' };

describe('the environment, all at once (local runtime, full wiring, tools)', () => {
  it('parses every setting, with its default when unset', () => {
    const config = loadAppConfig(AWS_ENV);
    expect(config).toMatchObject({ TABLE_NAME: 'support-cases', AWS_REGION: 'eu-west-1', REPORT_MAX_DAYS: 400, LOG_LEVEL: 'info', TIMERS: 'eventbridge', SMTP_PORT: 2525, MAIL_DOMAIN: 'support.example.com' });
    expect(config.SECRETS_TABLE_NAME).toBeUndefined();
  });

  it('fails naming every bad variable', () => {
    expect(configurationError(() => loadAppConfig({ ...AWS_ENV, TABLE_NAME: 'x', SMTP_PORT: 'port', METRICS: 'statsd' }))).toEqual({
      message: 'invalid environment',
      fields: ['TABLE_NAME', 'METRICS', 'SMTP_PORT'],
    });
    expect(configurationError(() => loadAppConfig({})).fields).toEqual(['TABLE_NAME']);
  });
});

describe("a function's configuration, setting by setting", () => {
  it('reads the same values as the whole environment parsed at once', () => {
    expect({ ...appConfigFrom(ALL_SETTINGS, AWS_ENV) }).toEqual({ ...loadAppConfig(AWS_ENV) });
  });

  it('parses only the settings the function reads: a bad one it never reads does not stop it', () => {
    const config = appConfigFrom([DATA_SETTINGS, REPORT_SETTINGS, MAIL_TRANSPORT_SETTINGS, PAGE_SENDING_SETTINGS], { ...AWS_ENV, SMTP_PORT: 'port', PAGE_MAIL_FROM: 'not an address' });
    expect(config.TABLE_NAME).toBe('support-cases');
    expect(config.REPORT_MAX_DAYS).toBe(400);
    expect(configurationError(() => config.SMTP_PORT)).toEqual({ message: 'invalid environment', fields: ['SMTP_PORT'] });
    expect(configurationError(() => config.PAGE_MAIL_FROM).fields).toEqual(['PAGE_MAIL_FROM']);
  });

  it('holds the settings of the groups it names and no others', () => {
    const config = appConfigFrom([DATA_SETTINGS, REPORT_SETTINGS], { ...AWS_ENV, PORTAL_URL: 'https://portal.example.com' });
    expect(Object.keys(config).sort()).toEqual([...Object.keys(DATA_SETTINGS), ...Object.keys(REPORT_SETTINGS)].sort());
    // @ts-expect-error PORTAL_URL is a setting of the customer mail, which this configuration does not name.
    expect(config.PORTAL_URL).toBeUndefined();
  });

  it('fails when a setting it reads is missing, naming it', () => {
    expect(configurationError(() => appConfigFrom([DATA_SETTINGS], {}).TABLE_NAME)).toEqual({ message: 'invalid environment', fields: ['TABLE_NAME'] });
    expect(configurationError(() => required(appConfigFrom([TIMER_SETTINGS], AWS_ENV), 'TIMER_FUNCTION_ARN')).fields).toEqual(['TIMER_FUNCTION_ARN']);
    expect(required(appConfigFrom([TIMER_SETTINGS], AWS_ENV), 'SCHEDULE_GROUP')).toBe('timers');
  });

  it('takes the environment as it was when made, and parses each setting once', () => {
    const env: Record<string, string | undefined> = { ...AWS_ENV };
    const config = appConfigFrom([DATA_SETTINGS], env);
    env.TABLE_NAME = 'changed-later';
    expect(Object.getOwnPropertyDescriptor(config, 'TABLE_NAME')?.get).toBeTypeOf('function');
    expect(config.TABLE_NAME).toBe('support-cases');
    // Parsed on that first read: the value replaced the getter, so no later read parses again.
    const parsed = Object.getOwnPropertyDescriptor(config, 'TABLE_NAME');
    expect(parsed?.value).toBe('support-cases');
    expect(parsed?.get).toBeUndefined();
    expect(config.TABLE_NAME).toBe('support-cases');
  });
});

describe("a Lambda function's configuration", () => {
  const withEnv = <T>(env: Record<string, string>, read: () => T): T => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return read();
    } finally {
      for (const name of Object.keys(env)) if (saved[name] === undefined) delete process.env[name];
      Object.assign(process.env, saved);
    }
  };

  it('holds the groups it names, observability and the adapter switches', () => {
    const config = withEnv(AWS_ENV, () => appConfig([DATA_SETTINGS]));
    expect(Object.keys(config).sort()).toEqual(['ALERTS', 'ATTACHMENTS', 'AWS_REGION', 'DYNAMODB_ENDPOINT', 'LOG_LEVEL', 'MAIL', 'METRICS', 'SECRETS_TABLE_NAME', 'TABLE_NAME', 'TIMERS']);
  });

  it('refuses local adapters, naming each switch', () => {
    expect(configurationError(() => withEnv({ ...AWS_ENV, TIMERS: 'local', MAIL: 'smtp' }, () => appConfig([DATA_SETTINGS]))).fields).toEqual(['TIMERS', 'MAIL']);
  });
});

describe('whole numbers given as text (REPORT_MAX_DAYS, SMTP_PORT)', () => {
  const reportMaxDays = (value: string | undefined) => appConfigFrom([REPORT_SETTINGS], { REPORT_MAX_DAYS: value }).REPORT_MAX_DAYS;
  const problem = (value: string) => {
    try {
      reportMaxDays(value);
    } catch (error) {
      return (error as ConfigurationError).problems;
    }
    throw new Error(`${value} was taken`);
  };

  it('reads the number, or the default when unset', () => {
    expect(reportMaxDays('400')).toBe(400);
    expect(reportMaxDays('1')).toBe(1);
    expect(reportMaxDays('3660')).toBe(3660);
    expect(reportMaxDays(undefined)).toBe(366);
    expect(appConfigFrom([MAIL_TRANSPORT_SETTINGS], { SMTP_PORT: '65535' }).SMTP_PORT).toBe(65535);
  });

  it('refuses what is not a whole number, saying so', () => {
    for (const value of ['', 'port', '-5', '12.5', '4e2', ' 400', '0x10']) {
      expect(problem(value)).toEqual([{ field: 'REPORT_MAX_DAYS', message: 'Invalid input: expected a whole number' }]);
    }
  });

  it('refuses a number out of range, naming the bound', () => {
    expect(problem('0')).toEqual([{ field: 'REPORT_MAX_DAYS', message: 'Too small: expected number to be >=1' }]);
    expect(problem('3661')).toEqual([{ field: 'REPORT_MAX_DAYS', message: 'Too big: expected number to be <=3660' }]);
    expect(configurationError(() => appConfigFrom([MAIL_TRANSPORT_SETTINGS], { SMTP_PORT: '65536' }).SMTP_PORT).fields).toEqual(['SMTP_PORT']);
  });
});

describe('URLs (DYNAMODB_ENDPOINT, PORTAL_URL, PUBLIC_API_URL)', () => {
  it('takes what z.url() takes, as z.url() gives it back, and refuses what it refuses with the same message', () => {
    const inputs = ['http://localhost:8000', ' https://api.example.com/v1 ', 'https://portal.example.com/a\tb', 'mailto:x@example.com', 'http:example.com', 'localhost:8000', 'nowhere', '', 'http://', '//example.com', 'https://exa mple.com'];
    for (const input of inputs) {
      const ours = z.safeParse(urlText(), input);
      const zods = z.safeParse(z.url(), input);
      expect({ input, success: ours.success, data: ours.data, messages: ours.error?.issues.map((issue) => issue.message) }).toEqual({
        input,
        success: zods.success,
        data: zods.data,
        messages: zods.error?.issues.map((issue) => issue.message),
      });
    }
    expect(z.safeParse(urlText(), 'http://localhost:8000').success).toBe(true);
    expect(z.safeParse(urlText(), 'nowhere').error?.issues.map((issue) => issue.message)).toEqual(['Invalid URL']);
  });
});

describe('single settings for tools and the logger', () => {
  it('reads the mail settings alone, naming a bad one', () => {
    expect(mailSettingsFrom({ MAIL_DOMAIN: 'help.example.org', TABLE_NAME: 'x' })).toEqual({ domain: 'help.example.org', from: 'Support <support@help.example.org>', portalUrl: 'http://localhost:3000' });
    expect(configurationError(() => mailSettingsFrom({ MAIL_DOMAIN: 'Not A Domain', PORTAL_URL: 'nowhere' })).fields).toEqual(['MAIL_DOMAIN', 'PORTAL_URL']);
  });

  it('gives the functions that record mail the domain alone', () => {
    const config = appConfigFrom([MAIL_IDENTITY_SETTINGS, CUSTOMER_MAIL_SETTINGS], { MAIL_DOMAIN: 'help.example.org', MAIL_FROM: 'Help <help@help.example.org>' });
    expect(mailIdentityOf(config)).toEqual({ domain: 'help.example.org' });
  });

  it('reads LOG_LEVEL alone, falling back to info', () => {
    expect(logLevelFrom({ LOG_LEVEL: 'debug' })).toBe('debug');
    expect(logLevelFrom({ LOG_LEVEL: 'loud' })).toBe('info');
    expect(logLevelFrom({})).toBe('info');
  });
});

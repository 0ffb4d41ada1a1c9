import { describe, expect, it } from 'vitest';
import { appConfigFrom, loadAppConfig, logLevelFrom, mailSettingsFrom, required } from '../../shared/config/app-config.js';
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
    expect({ ...appConfigFrom(AWS_ENV) }).toEqual({ ...loadAppConfig(AWS_ENV) });
  });

  it('parses only the settings the function reads: a bad one it never reads does not stop it', () => {
    const config = appConfigFrom({ ...AWS_ENV, SMTP_PORT: 'port', PAGE_MAIL_FROM: 'not an address' });
    expect(config.TABLE_NAME).toBe('support-cases');
    expect(config.REPORT_MAX_DAYS).toBe(400);
    expect(configurationError(() => config.SMTP_PORT)).toEqual({ message: 'invalid environment', fields: ['SMTP_PORT'] });
    expect(configurationError(() => config.PAGE_MAIL_FROM).fields).toEqual(['PAGE_MAIL_FROM']);
  });

  it('fails when a setting it reads is missing, naming it', () => {
    expect(configurationError(() => appConfigFrom({}).TABLE_NAME)).toEqual({ message: 'invalid environment', fields: ['TABLE_NAME'] });
    expect(configurationError(() => required(appConfigFrom(AWS_ENV), 'TIMER_FUNCTION_ARN')).fields).toEqual(['TIMER_FUNCTION_ARN']);
    expect(required(appConfigFrom(AWS_ENV), 'SCHEDULE_GROUP')).toBe('timers');
  });

  it('takes the environment as it was when made, and parses each setting once', () => {
    const env: Record<string, string | undefined> = { ...AWS_ENV };
    const config = appConfigFrom(env);
    env.TABLE_NAME = 'changed-later';
    expect(config.TABLE_NAME).toBe('support-cases');
    expect(config.TABLE_NAME).toBe('support-cases');
  });
});

describe('single settings for tools and the logger', () => {
  it('reads the mail settings alone, naming a bad one', () => {
    expect(mailSettingsFrom({ MAIL_DOMAIN: 'help.example.org', TABLE_NAME: 'x' })).toEqual({ domain: 'help.example.org', from: 'Support <support@help.example.org>', portalUrl: 'http://localhost:3000' });
    expect(configurationError(() => mailSettingsFrom({ MAIL_DOMAIN: 'Not A Domain', PORTAL_URL: 'nowhere' })).fields).toEqual(['MAIL_DOMAIN', 'PORTAL_URL']);
  });

  it('reads LOG_LEVEL alone, falling back to info', () => {
    expect(logLevelFrom({ LOG_LEVEL: 'debug' })).toBe('debug');
    expect(logLevelFrom({ LOG_LEVEL: 'loud' })).toBe('info');
    expect(logLevelFrom({})).toBe('info');
  });
});

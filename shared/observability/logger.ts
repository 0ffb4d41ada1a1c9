/**
 * Structured JSON logs, one object per line (CloudWatch and the local runtime
 * both read them). Log what happened and the case number, never a request body,
 * a token or a secret: callers pass only the fields they mean to log.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (request id, case number). */
  with(fields: LogFields): Logger;
}

/** The logger's own fields: what a caller passes can never replace them. */
const OWN_FIELDS = new Set(['timestamp', 'level', 'message', 'service']);

/** A caller's field that collides with one of the logger's own keeps its value under `field.<name>`. */
function callerFields(fields: LogFields): LogFields {
  const entries = Object.entries(fields);
  if (!entries.some(([name]) => OWN_FIELDS.has(name))) return fields;
  return Object.fromEntries(entries.map(([name, value]) => [OWN_FIELDS.has(name) ? `field.${name}` : name, value]));
}

export function createLogger(options: { level?: LogLevel; service?: string; write?: (line: string) => void; base?: LogFields } = {}): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const service = options.service ?? 'support-sla';
  const base = callerFields(options.base ?? {});
  const log = (level: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (ORDER[level] < threshold) return;
    write(JSON.stringify({ timestamp: new Date().toISOString(), level, message, service, ...base, ...callerFields(fields) }));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    with: (fields) => createLogger({ ...options, base: { ...options.base, ...fields } }),
  };
}

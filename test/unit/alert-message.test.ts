import { describe, expect, it } from 'vitest';
import { type AlertFacts, SMS_MAX, SUBJECT_MAX, renderAlert, toAscii, toGsm7 } from '../../shared/domain/alert-message.js';

const GSM7 = /^[@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

const facts = (title: string, overrides: Partial<AlertFacts> = {}): AlertFacts => ({
  caseNumber: '00000042',
  kind: 'sla-breached',
  institution: 'uni-b',
  institutionName: 'University B (Sydney)',
  level: 'I',
  title,
  dueAtUtc: '2026-11-30T10:00:00Z',
  dueAtLocal: '2026-11-30T21:00:00+11:00',
  zone: 'Australia/Sydney',
  missingInformation: ['app-credentials', 'remote-access'],
  ...overrides,
});

const titles: [string, string][] = [
  ['plain', 'Students cannot log in'],
  ['accented', 'Überweisung fehlgeschlagen: café, niño, Ærø'],
  ['Chinese', '学生无法登录应用程序'],
  ['Arabic', 'لا يمكن للطلاب تسجيل الدخول'],
  ['emoji', '🔥🔥 App down 😱 for everyone 🚨'],
  ['newlines and tabs', 'Line one\nLine two\r\n\tLine three\u2028four'],
  ['control characters', 'bell\u0007 escape\u001b[31m red \u0000 nul \u009b csi'],
  ['200 characters', 'x'.repeat(95) + ' ' + 'y'.repeat(104)],
  ['GSM-7 extension characters', 'Braces {like} [these] ~ and \\ ^ | € `'],
];

describe('alert messages', () => {
  it.each(titles)('keep a valid subject and SMS for a %s title', (_name, title) => {
    const { subject, sms, email } = renderAlert(facts(title));
    expect(subject.startsWith('00000042 ')).toBe(true);
    expect(subject.length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(sms.startsWith('00000042 ')).toBe(true);
    expect([...sms].length).toBeLessThanOrEqual(SMS_MAX);
    expect(sms).toMatch(GSM7);
    expect(email.startsWith('Case 00000042: ')).toBe(true);
  });

  it('keeps what it can of a title: accents dropped, other scripts and emoji marked', () => {
    expect(toAscii('café Ærø niño Łódź straße')).toBe('cafe AEro nino Lodz strasse');
    expect(toAscii('🔥 hot')).toBe('? hot');
    expect(toGsm7('café Ærø niño')).toBe('café Ærø niño'); // all in the GSM-7 basic set
    expect(toGsm7('{x} €5')).toBe('?x? ?5');
  });

  it('gives the email everything the on-call person needs', () => {
    const { email, subject, sms, attributes } = renderAlert(facts('Students cannot log in'));
    expect(subject).toBe('00000042 Level I first response deadline MISSED: Students cannot log in');
    expect(sms).toBe('00000042 LI BREACHED uni-b due 10:00Z: Students cannot log in');
    expect(email).toContain('Institution: University B (Sydney) (uni-b)');
    expect(email).toContain('Level: I');
    expect(email).toContain('First response due: 2026-11-30T10:00:00Z (UTC), 2026-11-30T21:00:00+11:00 (Australia/Sydney)');
    expect(email).toContain('Missing from the case: app-credentials, remote-access');
    expect(attributes).toEqual({ level: 'I', kind: 'sla-breached', caseNumber: '00000042' });
  });

  it('truncates a long title with an ellipsis, never mid-way through the case number', () => {
    const { subject, sms } = renderAlert(facts('word '.repeat(60)));
    expect(subject.endsWith('...')).toBe(true);
    expect(sms.endsWith('...')).toBe(true);
    expect(sms.length).toBe(SMS_MAX);
  });
});

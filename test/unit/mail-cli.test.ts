import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** `npm run --silent mail -- parse < message.eml`, as the README runs it. */
async function parse(eml: string): Promise<unknown> {
  const child = run('npm', ['run', '--silent', 'mail', '--', 'parse'], { cwd: ROOT, env: { ...process.env, MAIL_DOMAIN: 'support.example.com' } });
  child.child.stdin!.end(eml);
  const { stdout } = await child;
  expect(stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(stdout);
}

describe('npm run mail -- parse', () => {
  it('prints the case, the sender, whether it is automatic and the visible new text of one message', async () => {
    const eml = [
      'From: "Ada Admin" <Ada@uni-a.example>',
      'To: support+00000042@support.example.com',
      'Subject: Re: something',
      'Content-Type: text/plain; charset=ISO-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Gr=FC=DFe, it works.',
      '',
      'On Mon, 30 Nov 2026 at 09:00, Support <support@support.example.com> wrote:',
      '> Case 00000042: support has answered.',
      '',
    ].join('\r\n');
    expect(await parse(eml)).toEqual({ caseNumber: '00000042', from: 'ada@uni-a.example', autoReply: false, reply: 'Grüße, it works.' });
  }, 60_000);

  it('says when a message is automatic or names no case', async () => {
    const eml = ['From: ada@uni-a.example', 'To: support@support.example.com', 'Subject: Out of Office', 'Auto-Submitted: auto-replied', '', 'Away.', ''].join('\r\n');
    expect(await parse(eml)).toEqual({ caseNumber: null, from: 'ada@uni-a.example', autoReply: true, reply: 'Away.' });
  }, 60_000);
});

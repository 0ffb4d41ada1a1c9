import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlToText, visibleReply } from '../../shared/domain/reply-text.js';

/** A fixture of GitHub's email_reply_parser suite (see test/fixtures/email-reply-parser/README.md). */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'email-reply-parser', `${name}.txt`), 'utf8');

describe("the visible reply, on email_reply_parser's published fixtures", () => {
  it.each([
    ['email_1_4', "Awesome! I haven't had another problem with it."],
    ['email_1_7', ':+1:'],
    ['email_2_2', 'Outlook with a reply directly above line'],
    ['email_sent_from_inbox', 'Hi,\nThis is a test reply from Inbox.'],
    [
      'email_multiline_quote_header_from_first',
      "I have gained valuable experience from working with students from other cultures. They bring a significantly different perspective to the work we do. I have also had the opportunity to practice making myself very clear in discussion, so that everyone understands. I've also seen how different our culture is to them, in their reactions to what I think is a normal approach to assignments, and to life in general.",
    ],
    [
      'email_2nd_paragraph_starting_with_on',
      "This emails tests that multiline header fix isn't catching things it shouldn't.\n\nOn friday when I tried it didn't work as expect.\n\nThis line would have been considered part of the header line.",
    ],
    [
      'greedy_on',
      'On your remote host you can run:\n\n     telnet 127.0.0.1 52698\n\nThis should connect to TextMate (on your Mac, via the tunnel). If that\nfails, the tunnel is not working.',
    ],
  ])('%s', (name, expected) => {
    expect(visibleReply(fixture(name))).toBe(expected);
  });
});

describe('the visible reply, on the shapes mail programs write', () => {
  it('cuts Gmail, Outlook, Apple Mail and foreign-language quote headers', () => {
    expect(visibleReply('Fixed, thanks.\n\nOn Mon, 30 Nov 2026 at 09:00, Support <support@x.example> wrote:\n> old')).toBe('Fixed, thanks.');
    expect(visibleReply('Danke.\n\nAm 30.11.2026 um 09:00 schrieb Support <support@x.example>:\n> alt')).toBe('Danke.');
    expect(visibleReply('Merci.\n\nLe lun. 30 nov. 2026 à 09:00, Support a écrit :\n> ancien')).toBe('Merci.');
    expect(visibleReply('Yes.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\n\nold')).toBe('Yes.');
    expect(visibleReply('Yes.\n\nFrom: Support <support@x.example>\nDate: Monday, 30 November 2026\nTo: Ada\nSubject: [Case 00000001] x\n\nold')).toBe('Yes.');
    expect(visibleReply('Apple.\n\n> On 30 Nov 2026, at 09:00, Support wrote:\n>\n> old')).toBe('Apple.');
  });

  it('keeps inline answers between quoted lines and drops the `>` lines', () => {
    expect(visibleReply('> Which version?\n3.2.1\n> Which phone?\nPixel 8')).toBe('3.2.1\nPixel 8');
  });

  it('cuts signatures: "-- ", a short "-Name" block, "Sent from my iPhone"', () => {
    expect(visibleReply('It works.\n\n-- \nAda Admin\nUniversity A')).toBe('It works.');
    expect(visibleReply('It works.\n\n-Ada')).toBe('It works.');
    expect(visibleReply('It works.\n\nSent from my iPhone')).toBe('It works.');
    expect(visibleReply('Sent from my desk, is much easier then my mobile phone.')).toBe('Sent from my desk, is much easier then my mobile phone.');
  });

  it('keeps a message that quotes nothing as it is, and finishes quickly on pathological input', () => {
    expect(visibleReply('Line one\r\nLine two\r\n')).toBe('Line one\nLine two');
    const started = performance.now();
    visibleReply(`${'On '.repeat(5000)}\n`.repeat(20));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('HTML-only mail as text', () => {
  it('drops markup, scripts and styles, decodes entities and marks quoted blocks so the reply rules cut them', () => {
    const html = '<html><head><style>p{}</style></head><body><p>Hello&nbsp;<b>there</b> &amp; &#233;t&#xE9;</p><script>x()</script><div>On Mon, Support wrote:<blockquote><p>old</p></blockquote></div></body></html>';
    expect(htmlToText(html)).toBe('Hello there & été\nOn Mon, Support wrote:\n> old');
    expect(visibleReply(htmlToText(html))).toBe('Hello there & été');
  });
});

describe('the reply rules on hostile input', () => {
  it('finishes on 200,000 short lines (the rules are linear and read at most 64 KB / 2,000 lines)', () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => (i % 3 === 0 ? '> quoted' : `line ${i}`));
    const reply = visibleReply(`Thanks\n${lines.join('\n')}`);
    expect(reply.startsWith('Thanks\nline 1\nline 2')).toBe(true);
    expect(reply.split('\n').length).toBeLessThanOrEqual(2_000);
  });

  it('an invisible format character cannot hide a quote header or stay in the text', () => {
    expect(visibleReply('Tha\u200bnks!\n\nO\u200bn Tue, 1 Dec 2026 at 10:00, Support <help@support.vendor.example> wrote:\n> the old text')).toBe('Thanks!');
  });

  it('an Outlook-style header block counts as history only when its From line has an address', () => {
    expect(visibleReply('Please see below.\nFrom: the network team\nTo: everyone in the lab\nThe printer is back.')).toBe('Please see below.\nFrom: the network team\nTo: everyone in the lab\nThe printer is back.');
    expect(visibleReply('Please see below.\n\nFrom: Support <help@support.vendor.example>\nSent: Monday\nTo: Ada\nold text')).toBe('Please see below.');
  });
});

describe('hidden HTML', () => {
  it('drops display:none and hidden elements: text a mail client does not show is not part of the reply', () => {
    expect(htmlToText('<p>Visible</p><div style="color:red; display: none">secret one</div><span hidden>secret two</span><p>End</p>')).toBe('Visible\nEnd');
  });
});

/**
 * One outbound email, built by the domain and sent by an adapter (SES in AWS,
 * SMTP to the local mailbox under `npm start`). Every value in it is data: the
 * adapter encodes headers and bodies, it never splices them into raw MIME.
 */
export interface OutboundMail {
  /** `<id@domain>`: stable per message, so a retry of the same message is recognisable and threads stay whole. */
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo?: string | undefined;
  readonly subject: string;
  readonly text: string;
  /** HTML escaped from the same data as `text`; no remote content. */
  readonly html?: string | undefined;
  /** Threading: the message this one answers, and the thread's message ids oldest first. */
  readonly inReplyTo?: string | undefined;
  readonly references?: readonly string[] | undefined;
  /** Extra headers we set ourselves (for example `Auto-Submitted: auto-generated`); never user-supplied names. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Name/value pairs the provider reports back with delivery events (SES message tags: `case`, `kind`); ASCII letters, digits, `_` and `-`. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

/** What the provider accepted: the `Message-ID` the message really carries (SES replaces ours with its own). */
export interface SentMail {
  readonly messageId: string;
}

/** Sends one mail. Only a notice: the message is recorded in the table (outbox) before it is sent. */
export interface MailSender {
  send(mail: OutboundMail): Promise<SentMail>;
}

/** Sends one SMS straight to a phone (E.164). Only a notice: the message is recorded in the page outbox first. */
export interface SmsSender {
  sendSms(message: { readonly to: string; readonly text: string }): Promise<void>;
}

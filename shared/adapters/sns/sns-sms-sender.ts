import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender } from '../../ports/sms-sender.js';

/**
 * Sends an SMS straight to a phone with SNS Publish (`PhoneNumber`, no topic):
 * type Transactional (delivery over cost), from the configured origination
 * identity: an E.164 origination number, or an alphanumeric sender ID where
 * the destination country allows one.
 */
export class SnsSmsSender implements SmsSender {
  constructor(
    private readonly client: SNSClient,
    private readonly origination: string | undefined,
  ) {}

  async sendSms(message: { readonly to: string; readonly text: string }): Promise<void> {
    const attributes: Record<string, MessageAttributeValue> = { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } };
    if (this.origination?.startsWith('+')) attributes['AWS.MM.SMS.OriginationNumber'] = { DataType: 'String', StringValue: this.origination };
    else if (this.origination) attributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: this.origination };
    await this.client.send(new PublishCommand({ PhoneNumber: message.to, Message: message.text, MessageAttributes: attributes }));
  }
}

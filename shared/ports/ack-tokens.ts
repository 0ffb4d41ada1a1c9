/** What an acknowledgement link carries: the page, the step and message it came with, and when it stops working. */
export interface AckGrant {
  readonly pageId: string;
  readonly deliveryId: string;
  readonly expiresAt: number;
}

/** Signs and checks acknowledgement links' tokens; a token is bound to its page, so it works for no other. */
export interface AckTokens {
  issue(grant: AckGrant): Promise<string>;
  /** The grant, or why the token is refused. */
  verify(pageId: string, token: string): Promise<AckGrant | 'forged' | 'expired'>;
}

/** Whether a user of the user pool has an MFA method set up (the pre token trigger asks, for staff only). */
export interface UserMfa {
  hasMfa(userPoolId: string, userName: string): Promise<boolean>;
}

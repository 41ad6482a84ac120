/**
 * A platform-neutral reply: commands return this and never touch a chat SDK. The console, Discord and Slack
 * adapters each render it natively (text, embed fields, a table as a code block, image attachments, buttons).
 */
export interface Reply {
  /** `error` replies are short, specific and (on platforms that can) shown only to the person who asked. */
  readonly kind: 'ok' | 'error';
  readonly title?: string;
  readonly text?: string;
  readonly fields?: readonly ReplyField[];
  readonly table?: ReplyTable;
  readonly images?: readonly ReplyImage[];
  readonly buttons?: readonly ReplyButton[];
  /**
   * Set on an `ok` reply that only asks or shows and changed nothing (the stop confirmation question), so the audit
   * log, which records what state-changing commands did, leaves it out.
   */
  readonly changedNothing?: true;
}

export interface ReplyField {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

export interface ReplyTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns to right-align (numbers). */
  readonly alignRight?: readonly number[];
}

export interface ReplyImage {
  readonly filename: string;
  readonly png: Uint8Array;
  readonly alt: string;
}

export interface ReplyButton {
  /** The command line the button runs, e.g. `/run stop run:3`. */
  readonly command: string;
  readonly label: string;
  readonly style?: 'primary' | 'danger' | 'secondary';
}

export const errorReply = (text: string): Reply => ({ kind: 'error', text });

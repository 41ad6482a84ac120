// What a log line is about (the workspace, the run, the chat request or the notification being handled), carried
// through the async work that starts there, so the desk's `log(line)` callbacks need no ids passed down to them. Set
// where work starts (a scheduler iteration, an outbox item, a chat command or message); the desk's logger
// (src/main/log) adds the current one to every line. One module-level store: AsyncLocalStorage is the process's
// async context, not state of the desk's own.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface LogContext {
  /** `<platform>:<external id>`, as `tradedesk mcp --workspace` names a workspace: `discord:1234`, `console:local`. */
  readonly workspaceId?: string;
  /** The workspace's name. */
  readonly workspace?: string;
  readonly runId?: string;
  /** The run's number in its workspace (Run #3). */
  readonly run?: number;
  /** One chat command, button press or message: the platform's id for it (`discord:<interaction id>`), or the desk's. */
  readonly requestId?: string;
  /** The outbox notification being delivered. */
  readonly notificationId?: string;
}

const store = new AsyncLocalStorage<LogContext>();

/** Runs `work` with `context` added to the current one (inner values win), for everything it awaits or starts. */
export function withLogContext<T>(context: LogContext, work: () => T): T {
  const outer = store.getStore();
  return store.run(outer === undefined ? context : { ...outer, ...context }, work);
}

/** The context of the work running now; undefined outside any. */
export function currentLogContext(): LogContext | undefined {
  return store.getStore();
}

/** The context ids of a workspace (a run's, or the one a chat request comes from). */
export function workspaceLogContext(workspace: { readonly platform: string; readonly externalId: string; readonly name: string }): LogContext {
  return { workspaceId: `${workspace.platform}:${workspace.externalId}`, workspace: workspace.name };
}

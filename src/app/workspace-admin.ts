/**
 * Port for workspace-level administration from chat: rules, the kill switch, notification levels. Methods are
 * added with the commands that need them; every method is scoped to one workspace.
 */
export interface WorkspaceAdmin {}

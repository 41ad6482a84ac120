/**
 * Read-side port for reports on runs (status, show, positions, portfolio, compare, summaries). Methods are added
 * with the commands that need them; every method is scoped to one workspace.
 */
export interface RunQueries {}

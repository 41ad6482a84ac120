import { ok, type Result } from '../../core/domain/result.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { WorkspaceSettings } from '../workspace/ports.js';

/** Where a default came from: the command's own option, the workspace's /settings data, or the desk's MARKET_DATA. */
export type SourceOrigin = 'option' | 'workspace' | 'desk';

/**
 * The data source a command uses: the one it was given, else the workspace's default (/settings data), else the
 * desk's (MARKET_DATA), else the simulated market.
 */
export async function chooseDataSource(
  deps: { readonly settings: Pick<WorkspaceSettings, 'dataSource'>; readonly defaultDataSource?: string },
  workspace: WorkspaceRef,
  given: string | undefined,
): Promise<Result<{ source: string; origin: SourceOrigin }>> {
  if (given !== undefined) return ok({ source: given, origin: 'option' });
  const own = await deps.settings.dataSource(workspace);
  if (!own.ok) return own;
  if (own.value !== null) return ok({ source: own.value, origin: 'workspace' });
  return ok({ source: deps.defaultDataSource ?? 'sim', origin: 'desk' });
}

// The ports of the backtest use-case: where a finished backtest is saved (src/store/runs implements it).
import type { Timeframe } from '../../core/domain/bar.js';
import type { Result } from '../../core/domain/result.js';
import type { BlockedSignal, ClosedTrade } from '../../core/engine/report.js';
import type { BacktestManifest } from './manifest.js';

/** A finished backtest as the store saves it (times epoch ms). */
export interface BacktestRunRecord {
  readonly workspace: { readonly platform: 'console' | 'discord' | 'slack'; readonly externalId: string; readonly name: string };
  readonly strategyId: string;
  readonly strategyVersion: string;
  readonly params: Record<string, unknown>;
  readonly symbols: string[];
  readonly timeframe: Timeframe;
  readonly dataSource: string;
  readonly quantEnabled: boolean;
  readonly gatesMode: 'enforce' | 'shadow';
  readonly sizing: Record<string, unknown>;
  readonly rules: unknown[];
  readonly rulesHash: string;
  readonly manifest: BacktestManifest;
  readonly results: Record<string, unknown>;
  readonly startingCash: number;
  readonly dataFrom: number;
  readonly dataTo: number;
  readonly createdBy: string;
  readonly trades: readonly ClosedTrade[];
  readonly equity: readonly { readonly time: number; readonly cash: number; readonly equity: number }[];
  readonly blocked: readonly BlockedSignal[];
}

/** Saved runs, as the chat commands need them. */
export interface RunRepository {
  saveBacktestRun(record: BacktestRunRecord): Promise<Result<{ runId: string; number: number }>>;
}

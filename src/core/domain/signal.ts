/** What a strategy says. Strategies never size or place orders; the engine turns signals into a plan. */
export type SignalAction = 'enter_long' | 'exit_long' | 'enter_short' | 'exit_short';

export interface Signal {
  readonly symbol: string;
  readonly action: SignalAction;
  /** In [0, 1]: how strongly the numbers support the signal. The quant check may adjust it. */
  readonly confidence: number;
  /** Plain-language reason with the numbers behind it, e.g. "SMA50 101.20 crossed above SMA200 100.95". */
  readonly reason: string;
}

export const isEntry = (a: SignalAction): boolean => a === 'enter_long' || a === 'enter_short';

// Estimated cost of Claude usage by model, from list prices per million tokens. Cache reads and writes are counted
// at the input price (the analyst reports them together), so costs are estimates, not invoices.

export interface ModelPrice {
  /** The family the price belongs to, e.g. `opus-4.5+`. */
  readonly family: string;
  readonly inputPerMTokUsd: number;
  readonly outputPerMTokUsd: number;
}

const SONNET_4: ModelPrice = { family: 'sonnet-4', inputPerMTokUsd: 3, outputPerMTokUsd: 15 };
const HAIKU_4: ModelPrice = { family: 'haiku-4', inputPerMTokUsd: 1, outputPerMTokUsd: 5 };
const OPUS_4: ModelPrice = { family: 'opus-4', inputPerMTokUsd: 15, outputPerMTokUsd: 75 };
const OPUS_45: ModelPrice = { family: 'opus-4.5+', inputPerMTokUsd: 5, outputPerMTokUsd: 25 };

/** An unknown model is priced as the most expensive family, so a budget is never undercounted. */
export const UNKNOWN_MODEL_PRICE: ModelPrice = OPUS_4;

// claude-<family>-4[-<minor>][-<yyyymmdd>], with `.` also accepted before the minor (claude-opus-4.5). The minor
// has one or two digits so a date suffix is never read as one.
const MODEL_ID = /^claude-(opus|sonnet|haiku)-4(?:[-.](\d{1,2}))?(?:-\d{8})?$/;

/** The price of a model id and whether the table knows it. */
export function priceOf(model: string): { readonly price: ModelPrice; readonly known: boolean } {
  const m = MODEL_ID.exec(model.trim().toLowerCase());
  if (m === null) return { price: UNKNOWN_MODEL_PRICE, known: false };
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  switch (m[1]) {
    case 'sonnet': return { price: SONNET_4, known: true };
    case 'haiku': return { price: HAIKU_4, known: true };
    case 'opus': return { price: minor >= 5 ? OPUS_45 : OPUS_4, known: true };
    default: return { price: UNKNOWN_MODEL_PRICE, known: false };
  }
}

export const isPricedModel = (model: string): boolean => priceOf(model).known;

/** USD for one answer's tokens. */
export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number {
  const { price } = priceOf(model);
  return (inputTokens * price.inputPerMTokUsd + outputTokens * price.outputPerMTokUsd) / 1_000_000;
}

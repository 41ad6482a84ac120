// Anthropic SDK failures as one line a chat member can act on: never a stack, never the raw request.
import Anthropic from '@anthropic-ai/sdk';

export interface AnalystFailure {
  /** Dotted, for logs and tests. */
  readonly code: string;
  readonly message: string;
}

export function describeApiFailure(err: unknown): AnalystFailure {
  if (err instanceof Anthropic.AuthenticationError) {
    return { code: 'analyst.auth', message: 'The analyst cannot reach Claude: the API key was refused (check ANTHROPIC_API_KEY)' };
  }
  if (err instanceof Anthropic.PermissionDeniedError) {
    return { code: 'analyst.permission', message: 'The analyst cannot use Claude: the API key lacks permission for this model (check ANTHROPIC_MODEL)' };
  }
  if (err instanceof Anthropic.RateLimitError) {
    return { code: 'analyst.rate_limited', message: 'Claude is rate-limiting the desk; try again in a minute' };
  }
  if (err instanceof Anthropic.APIConnectionTimeoutError) {
    return { code: 'analyst.timeout', message: 'Claude did not answer in time; try again, or ask a narrower question' };
  }
  if (err instanceof Anthropic.APIConnectionError) {
    return { code: 'analyst.unreachable', message: 'The analyst cannot reach Claude (network error); check the connection or ANTHROPIC_BASE_URL' };
  }
  if (err instanceof Anthropic.APIError) {
    const status = err.status === undefined ? '' : ` (HTTP ${err.status})`;
    return { code: 'analyst.api_error', message: `Claude returned an error${status}: ${oneLine(apiMessage(err))}` };
  }
  return { code: 'analyst.failed', message: `The analyst failed: ${oneLine(err instanceof Error ? err.message : String(err))}` };
}

/** The API's own `error.message` when the body has one, else the SDK's summary. */
function apiMessage(err: InstanceType<typeof Anthropic.APIError>): string {
  const body: unknown = err.error;
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const inner: unknown = body.error;
    if (typeof inner === 'object' && inner !== null && 'message' in inner && typeof inner.message === 'string') return inner.message;
  }
  return err.message;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

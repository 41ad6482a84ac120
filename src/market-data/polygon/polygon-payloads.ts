/**
 * Polygon's payloads as zod schemas, parsed at the edge: the aggregates page, the ticker details, an error body, and
 * the shape of a failed axios call (status, Retry-After, body) as the client throws it. Anything else is corrupt.
 */
import { z } from 'zod';

export const aggregateBarSchema = z
  .object({
    t: z.number().int(),
    o: z.number().positive(),
    h: z.number().positive(),
    l: z.number().positive(),
    c: z.number().positive(),
    v: z.number().nonnegative(),
  })
  .refine((b) => b.l <= Math.min(b.o, b.c, b.h) && b.h >= Math.max(b.o, b.c), { message: 'low and high do not bracket open and close' });

export type AggregateBar = z.infer<typeof aggregateBarSchema>;

export const aggregatesPageSchema = z.object({
  status: z.string(),
  ticker: z.string().optional(),
  resultsCount: z.number().int().nonnegative().optional(),
  adjusted: z.boolean().optional(),
  results: z.array(aggregateBarSchema).optional(),
  next_url: z.string().optional(),
});

export const tickerDetailsSchema = z.object({
  status: z.string(),
  results: z.object({
    ticker: z.string(),
    name: z.string().optional(),
    active: z.boolean().optional(),
  }),
});

/** Polygon's error body: `{status: "ERROR", error: "Unknown API Key"}` or `{status: "NOT_FOUND", message: ...}`. */
export const errorBodySchema = z.object({
  status: z.string().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});

/** An axios error as the client rethrows it: with a response for an HTTP status, without for timeouts and resets. */
export const axiosFailureSchema = z.object({
  isAxiosError: z.literal(true),
  code: z.string().optional(),
  message: z.string().optional(),
  response: z
    .object({
      status: z.number().int(),
      headers: z.object({ 'retry-after': z.string().optional() }).optional(),
      data: z.unknown(),
    })
    .optional(),
});

/** The first problem zod found, one line: `results.3.t: Invalid input: expected number, received string`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'unreadable payload';
  const at = issue.path.map(String).join('.');
  return at === '' ? issue.message : `${at}: ${issue.message}`;
}

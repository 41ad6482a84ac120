// Soak (runs only when named: `npm run bench -- two-desks`): two `--speed 600` console desks on one SQLite file
// trade the same running paper runs for BENCH_TWO_DESKS_SECONDS (default 600) of real time. With
// TRADEDESK_DEBUG=1 every desk logs each close it iterated (and how it went) and each notification id it delivered,
// so the figures are counted, not guessed:
// - dropped bars: closes whose iteration failed (busy database, timeout...) and never went through afterwards (no
//   later attempt committed it or found it decided, no DecisionRecord for it). A close no desk reached because the
//   desks fell behind the 600x clock is "missed", reported apart: the scheduler trades the latest close after a gap
//   by design, and says so in the log and in the next decision's notes.
// - double deliveries: notification ids delivered more than once, over both desks.
// Targets: no dropped bar, no double delivery, no notification left undelivered, every error line one line.
import { renderNotification } from '../src/app/notifications/render.js';
import type { BenchFigure } from './figure.js';
import { createSoakDir, deskLogLine, queryRows, sleep, SOAK_RUNS, startDesk, stopDesk, waitFor, countRows, DECISIONS, type DeskLogLine } from './desk-process.js';

const SPEED = 600;
const SECONDS = Number(process.env.BENCH_TWO_DESKS_SECONDS ?? 600);
const MINUTE_MS = 60_000;

// Matched on the messages of the desks' log lines (JSON on stderr; deskLogLine): ITERATED and DELIVERED at debug level.
const ITERATED = /^Run #(\d+) \(.*\) at the (\S+) close: (committed|skipped|failed)(?: \((.*)\))?$/;
const DELIVERED = /^delivered notification (\S+)$/;
const FAILED = /Run #(\d+) \(.*\): iteration at the (\S+) close failed/;
const GAVE_UP = /gave up on the (\S+) close/;
/** An earlier version's failure line names no close; that version never retried, so each one is a dropped bar. */
const FAILED_UNNAMED = /^Run #\d+: iteration failed: /;
const MISSED = /missed/;

export async function benchTwoDesks(): Promise<BenchFigure[]> {
  const soak = createSoakDir('two-desks');
  const env = { TRADEDESK_DEBUG: '1' };
  const a = startDesk(soak, SPEED, env);
  let b: ReturnType<typeof startDesk> | null = null;
  const t0 = performance.now();
  try {
    for (const line of SOAK_RUNS) a.send(line);
    if (!(await waitFor(() => countRows(soak.dbPath, 'SELECT count(*) AS n FROM "Run"') >= SOAK_RUNS.length, 120_000))) {
      throw new Error(`two-desks: the runs were not created:\n${a.err.join('\n')}`);
    }
    b = startDesk(soak, SPEED, env);
    await sleep(SECONDS * 1_000);
  } finally {
    // End of input: each desk stops its scheduler, waits for its iterations and delivers what is due.
    await Promise.all([stopDesk(a, 60_000), b === null ? null : stopDesk(b, 60_000)]);
  }
  const elapsedS = Math.round((performance.now() - t0) / 1_000);
  const desks = b === null ? [a] : [a, b];
  try {
    const errLines = desks.flatMap((d) => d.err);
    const logLines = errLines.map(deskLogLine).filter((l): l is DeskLogLine => l !== null);
    const debugMessages = logLines.filter((l) => l.level === 'debug').map((l) => l.msg);
    const logMessages = logLines.filter((l) => l.level !== 'debug').map((l) => l.msg);
    // The desks' own log (without the debug lines) goes to stderr: it is short when all is well.
    for (const [i, d] of desks.entries()) for (const line of d.err) if (deskLogLine(line)?.level !== 'debug') process.stderr.write(`desk ${'ab'[i]}: ${line}\n`);
    // Per (run, close): did any attempt fail, and did any attempt go through (committed, or found the bar already
    // decided by the other desk)? A close that failed and never went through is a dropped bar.
    const iterated = new Set<string>();
    const failedCloses = new Set<string>();
    const through = new Set<string>();
    let committed = 0;
    let failed = 0;
    let unnamedFailures = 0;
    for (const line of debugMessages) {
      const it = ITERATED.exec(line);
      if (it === null) continue;
      const key = `${it[1]}@${Date.parse(it[2]!)}`;
      iterated.add(key);
      if (it[3] === 'committed') committed++;
      if (it[3] === 'failed') failedCloses.add(key);
      else through.add(key);
    }
    for (const line of logMessages) {
      const f = FAILED.exec(line);
      if (f !== null) {
        failed++;
        failedCloses.add(`${f[1]}@${Date.parse(f[2]!)}`);
      } else if (FAILED_UNNAMED.test(line)) {
        failed++;
        unnamedFailures++;
      }
    }
    const decided = new Set(
      queryRows<{ number: number; barClose: number }>(
        soak.dbPath,
        `SELECT r.number AS number, json_extract(d.inputs, '$.barClose') AS barClose FROM "DecisionRecord" d JOIN "Run" r ON r.id = d.runId`,
      ).map((r) => `${r.number}@${Number(r.barClose)}`),
    );
    const dropped = [...failedCloses].filter((k) => !through.has(k) && !decided.has(k));
    const droppedCount = dropped.length + unnamedFailures;
    const deliveries = new Map<string, number>();
    for (const line of debugMessages) {
      const d = DELIVERED.exec(line);
      if (d !== null) deliveries.set(d[1]!, (deliveries.get(d[1]!) ?? 0) + 1);
    }
    const doubles = [...deliveries.values()].filter((n) => n > 1).length;
    const rows = queryRows<{ status: string; n: number }>(soak.dbPath, 'SELECT status, count(*) AS n FROM "Notification" GROUP BY status');
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    // The same fill line printed twice (either desk) is a double delivery even without the debug ids.
    const fillLines = desks.flatMap((d) => d.out).filter((l) => /^Run #\d+: (buy|sell) /.test(l));
    // Two fills may print the same line (same side, quantity, symbol and price to the cent at different bars): a line
    // printed more often than the delivered notifications that render to it is a doubled delivery.
    const expected = new Map<string, number>();
    const fillRows = queryRows<{ eventType: string; payload: string }>(
      soak.dbPath,
      `SELECT eventType, payload FROM "Notification" WHERE status = 'delivered' AND eventType IN ('order_filled', 'exit_triggered')`,
    );
    for (const row of fillRows) {
      const reply = renderNotification(row.eventType, JSON.parse(row.payload));
      const text = reply.kind === 'ok' ? reply.text : undefined;
      if (text !== undefined) expected.set(text, (expected.get(text) ?? 0) + 1);
    }
    const printed = new Map<string, number>();
    for (const line of fillLines) printed.set(line, (printed.get(line) ?? 0) + 1);
    const doubledFillLines = [...printed].filter(([text, n]) => n > (expected.get(text) ?? 0));
    const extraFillLines = doubledFillLines.reduce((sum, [text, n]) => sum + n - (expected.get(text) ?? 0), 0);
    // Every stderr line is a whole log entry (or a one-line CLI error): anything else is a fragment of a multi-line error.
    const strayErrLines = errLines.filter((l) => l.trim() !== '' && deskLogLine(l) === null && !l.startsWith('tradedesk'));
    const minutes = queryRows<{ number: number; first: number; last: number; n: number }>(
      soak.dbPath,
      `SELECT r.number AS number, min(json_extract(d.inputs, '$.barClose')) AS first, max(json_extract(d.inputs, '$.barClose')) AS last, count(*) AS n
       FROM "DecisionRecord" d JOIN "Run" r ON r.id = d.runId GROUP BY r.number`,
    );
    const missedBars = minutes.reduce((sum, r) => sum + Math.round((Number(r.last) - Number(r.first)) / MINUTE_MS) + 1 - Number(r.n), 0);
    const common = { speed: SPEED, seconds: elapsedS, desks: desks.length, runs: SOAK_RUNS.length };
    return [
      {
        name: 'two_desks.dropped_bars', value: droppedCount, unit: 'bars', ...common, closes_iterated: iterated.size, decisions: countRows(soak.dbPath, DECISIONS),
        committed_by_debug_lines: committed, failed_iterations: failed, closes_that_failed: failedCloses.size, gave_up: logMessages.filter((l) => GAVE_UP.test(l)).length,
        dropped_examples: dropped.slice(0, 5), target: 0, meets_target: droppedCount === 0,
      },
      {
        name: 'two_desks.double_deliveries', value: doubles, unit: 'notifications', ...common, delivered_ids: deliveries.size,
        delivered_rows: byStatus.delivered ?? 0, by_status: byStatus, fill_lines_printed: fillLines.length, fill_lines_distinct: new Set(fillLines).size,
        fill_notifications_delivered: fillRows.length, fill_lines_beyond_notifications: extraFillLines, doubled_fill_examples: doubledFillLines.slice(0, 3).map(([text]) => text),
        target: 0, meets_target: doubles === 0 && extraFillLines === 0 && deliveries.size === (byStatus.delivered ?? 0) && (byStatus.pending ?? 0) === 0,
      },
      {
        name: 'two_desks.log_lines', value: errLines.length - debugMessages.length, unit: 'lines', ...common,
        missed_bar_lines: logMessages.filter((l) => MISSED.test(l)).length, missed_bars_in_decisions: missedBars,
        multi_line_error_fragments: strayErrLines.length, stray_examples: strayErrLines.slice(0, 3),
        database_locked_lines: logMessages.filter((l) => /database is locked|timed out|Unable to start a transaction/i.test(l)).length,
        meets_target: strayErrLines.length === 0,
      },
    ];
  } finally {
    soak.remove();
  }
}

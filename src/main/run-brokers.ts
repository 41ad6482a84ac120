/**
 * Which broker each run trades at, wired once for the desk: the internal paper broker (src/broker/paper) for every run
 * whose manifest names none, and a real broker's factory for a run started on it. `/run start broker:` asks
 * `createBrokerAccounts` which brokers this desk has and on which account.
 */
import { fail, ok, type Result } from '../core/domain/result.js';
import { toAlpacaSymbol } from '../market-data/alpaca/alpaca-symbol.js';
import { accountText, brokerText, type BrokerAccountKind } from '../core/runs/run-broker.js';
import type { AccountBrokers, BrokerAccounts, BrokerFactory } from '../app/runs/ports.js';
import type { Broker } from '../app/broker/ports.js';
import type { Env } from '../config/env.js';
import { paperBrokerFor } from '../broker/paper/paper-broker.js';

/** The real brokers this desk process was given: one adapter per broker, on the account its keys open. */
export interface RealBrokers {
  readonly alpaca?: { readonly account: BrokerAccountKind; readonly broker: Broker };
  /** Why the Alpaca broker is not there though its keys are set (its host and ALPACA_ACCOUNT disagree ...). */
  readonly refused?: string;
}

/** `paper` always; `alpaca` with its keys and a wired adapter, or a failure saying which is missing. */
export function createBrokerAccounts(env: Pick<Env, 'APCA_API_KEY_ID' | 'APCA_API_SECRET_KEY'>, real: RealBrokers = {}): BrokerAccounts {
  return {
    describe(name) {
      if (name === 'paper') return ok({ name, account: 'paper', label: brokerText(undefined) });
      if (env.APCA_API_KEY_ID === undefined || env.APCA_API_SECRET_KEY === undefined) {
        return fail('broker.not_configured', 'broker:alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY');
      }
      if (real.alpaca === undefined) return fail('broker.unavailable', `the Alpaca broker is not available on this desk${real.refused === undefined ? '' : `: ${real.refused}`}`);
      const account = real.alpaca.account;
      return ok({ name, account, label: accountText({ name, account }), spell: alpacaSpelling });
    },
  };
}

/** A symbol as Alpaca's trading API spells it (the market-data adapter's mapping: one spelling for both). */
function alpacaSpelling(symbol: string): Result<string> {
  const as = toAlpacaSymbol(symbol);
  return as.ok ? ok(as.value.alpaca) : fail('broker.symbol', as.error.message.replace(/Alpaca has no index bars/, 'Alpaca does not trade indices'));
}

/**
 * A run's broker by its manifest: none, the internal paper broker; `alpaca`, the adapter this desk was given, on the
 * account the run was started on. Anything else fails the iteration with the reason (never a silent fallback to the
 * paper broker: the run's orders belong at its broker).
 */
export function dispatchBrokerFor(real: RealBrokers = {}): BrokerFactory {
  return (snap, bar) => {
    const broker = snap.run.manifest.broker;
    if (broker === undefined) return paperBrokerFor(snap, bar);
    const alpaca = real.alpaca;
    if (alpaca === undefined) {
      return fail('broker.unavailable', `Run #${snap.run.number} trades at the ${accountText(broker)}, and the Alpaca broker is not available on this desk`);
    }
    if (alpaca.account !== broker.account) {
      return fail('broker.account', `Run #${snap.run.number} was started on the ${accountText(broker)}; this desk's Alpaca account is ${alpaca.account}: its orders are not sent there`);
    }
    return ok(alpaca.broker);
  };
}

/** The broker account a real run trades on, for what spans the account (reconciliation, account gates, /halt). */
export function accountBrokersOf(real: RealBrokers = {}): AccountBrokers {
  return (broker) => {
    const alpaca = real.alpaca;
    if (alpaca === undefined) return fail('broker.unavailable', `the Alpaca broker is not available on this desk`);
    if (alpaca.account !== broker.account) return fail('broker.account', `this desk's Alpaca account is ${alpaca.account}, not the ${accountText(broker)}`);
    return ok(alpaca.broker);
  };
}

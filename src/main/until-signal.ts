/** Resolves on the first SIGINT or SIGTERM (and stops listening for them): how a long-running command is stopped. */
export function untilSignal(): Promise<void> {
  return untilNamedSignal().then(() => undefined);
}

/** As untilSignal, resolving with the signal's name. */
export function untilNamedSignal(): Promise<'SIGINT' | 'SIGTERM'> {
  return new Promise((resolve) => {
    const on = (signal: 'SIGINT' | 'SIGTERM') => (): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });
}

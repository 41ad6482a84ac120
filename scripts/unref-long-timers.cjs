// Preload for Prisma CLI runs with engine "js": its Wasm schema engine arms 10 s / 60 s timers per query and
// never clears them, so the CLI would linger up to a minute after finishing. Unref long timers so node exits.
const original = global.setTimeout;
global.setTimeout = function patchedSetTimeout(fn, ms, ...args) {
  const timer = original(fn, ms, ...args);
  if (typeof ms === 'number' && ms >= 5000 && timer && typeof timer.unref === 'function') timer.unref();
  return timer;
};

// The wasm schema engine leaves a 10 s timer pending; unref long timers so the CLI exits when its work is done.
const orig = global.setTimeout;
global.setTimeout = function (fn, ms, ...a) {
  const t = orig.call(this, fn, ms, ...a);
  if (typeof ms === "number" && ms >= 5000) t?.unref?.();
  return t;
};

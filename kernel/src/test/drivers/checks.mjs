// What the Node drivers of the client tests share: a check that fails with what was expected and
// what was seen, bounded waits, and the results file each check's outcome goes to as soon as it is
// known (so a check that fails never hides the ones after it).

import fs from 'node:fs';

export const SECOND = 1000;

export class CheckFailed extends Error {}

/** Fails the check unless `condition`: what was expected, and what the client saw instead. */
export function expect(condition, expected, seen) {
  if (!condition) {
    const shown = typeof seen === 'string' ? seen : JSON.stringify(seen, null, 1);
    throw new CheckFailed(`expected ${expected}; the client saw:\n${String(shown).slice(0, 2000)}`);
  }
}

/** The promise's value, or a failed check after `ms`. */
export function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`${what}: nothing within ${ms / SECOND} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Records outcomes into the JSON file the Python side reads: {name: {ok, message}}. */
export function recorder(file) {
  const results = {};
  return (name, ok, message) => {
    results[name] = { ok, message };
    fs.writeFileSync(file, JSON.stringify(results, null, 2));
    console.error(`${ok ? 'PASS' : 'FAIL'} ${name}${ok ? '' : ': ' + message}`);
  };
}

/** Runs each [name, check] with `argument`, recording its outcome and how long it took. */
export async function runChecks(checks, argument, record) {
  for (const [name, check] of checks) {
    const started = Date.now();
    try {
      await check(argument);
      record(name, true, `${Date.now() - started} ms`);
    } catch (e) {
      record(name, false, e instanceof CheckFailed ? e.message : e.stack);
    }
  }
}

// Message routing: {type, payload} in, {ok, result | error} out, from a page through the browser
// wrapper to the service worker's router and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './i18n-stub.mjs';
import '../../../extension/shared/protocol.js';
import '../../../extension/shared/browser.js';
import { createRouter } from '../../../extension/lib/router.js';

const { protocol, browser } = globalThis.postlint;
const { PostlintError, ERROR, MESSAGE } = protocol;

test('a message reaches the handler of its type with its payload and sender', async () => {
  const calls = [];
  const route = createRouter({ [MESSAGE.CHECK]: async (payload, sender) => { calls.push([payload, sender]); return { findings: [] }; } });
  const answer = await route({ type: MESSAGE.CHECK, payload: { text: 'hi' } }, { tab: { id: 3 } });
  assert.deepEqual(answer, { ok: true, result: { findings: [] } });
  assert.deepEqual(calls, [[{ text: 'hi' }, { tab: { id: 3 } }]]);
});

test('unknown types, malformed messages and inherited names are answered with an error, not thrown', async () => {
  const route = createRouter({ [MESSAGE.HEALTH]: async () => 'ok' });
  for (const message of [{ type: 'nope' }, null, 'check', { payload: {} }, { type: 'toString' }]) {
    const answer = await route(message, {});
    assert.equal(answer.ok, false);
    assert.equal(answer.error.code, ERROR.BAD_MESSAGE);
  }
  assert.deepEqual(await route({ type: MESSAGE.HEALTH, payload: 'not an object' }, {}), { ok: true, result: 'ok' });
});

test('a handler error becomes an error answer: its own code and message, or a generic one', async () => {
  const route = createRouter({
    down: async () => { throw new PostlintError(ERROR.SERVER_DOWN, 'postlint is not running'); },
    broken: async () => { throw new TypeError('x is undefined'); },
  });
  assert.deepEqual(await route({ type: 'down' }, {}), { ok: false, error: { code: ERROR.SERVER_DOWN, message: 'postlint is not running' } });
  const broken = await route({ type: 'broken' }, {});
  assert.equal(broken.error.code, ERROR.SERVER_ERROR);
  assert.match(broken.error.message, /x is undefined/);
});

test('browser.send round-trips through runtime messaging and turns error answers into PostlintErrors', async () => {
  const route = createRouter({
    [MESSAGE.CHECK]: async ({ text }) => ({ language: 'en', findings: [{ text }] }),
    [MESSAGE.HEALTH]: async () => { throw new PostlintError(ERROR.UNAUTHORIZED, 'wrong token'); },
  });
  globalThis.chrome = { ...globalThis.chrome, runtime: { sendMessage: (message) => route(structuredClone(message), {}) } };
  try {
    assert.deepEqual(await browser.send(MESSAGE.CHECK, { text: 'draft' }), { language: 'en', findings: [{ text: 'draft' }] });
    await assert.rejects(browser.send(MESSAGE.HEALTH), (error) => error instanceof PostlintError && error.code === ERROR.UNAUTHORIZED);
  } finally {
    delete globalThis.chrome.runtime;
  }
});

test('browser.send reports a worker that cannot be reached or does not answer in time', async (t) => {
  globalThis.chrome = { ...globalThis.chrome, runtime: { sendMessage: async () => { throw new Error('Could not establish connection.'); } } };
  try {
    await assert.rejects(browser.send(MESSAGE.CHECK, {}), (error) => error.code === ERROR.NO_ANSWER && /reload this page/.test(error.message));
    globalThis.chrome.runtime.sendMessage = async () => undefined;
    await assert.rejects(browser.send(MESSAGE.CHECK, {}), (error) => error.code === ERROR.NO_ANSWER);
    t.mock.timers.enable({ apis: ['setTimeout'] });
    globalThis.chrome.runtime.sendMessage = () => new Promise(() => {});
    const pending = browser.send(MESSAGE.CHECK, {}, { timeoutMs: 7000 });
    t.mock.timers.tick(7000);
    await assert.rejects(pending, (error) => error.code === ERROR.TIMEOUT);
  } finally {
    delete globalThis.chrome.runtime;
  }
});

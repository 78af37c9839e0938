// The service worker's client of `postlint serve`: request shape, and one clear message per failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useLocale } from './i18n-stub.mjs';
import '../../../extension/shared/protocol.js';
import '../../../extension/shared/settings.js';
import { createServerClient, CHECK_TIMEOUT_MS } from '../../../extension/lib/server-client.js';

const { ERROR } = globalThis.postlint.protocol;
const { normalize } = globalThis.postlint.settings;

function jsonResponse(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function client(fetch, stored = {}) {
  return createServerClient({ fetch, loadSettings: async () => normalize(stored) });
}

test('a check posts JSON to 127.0.0.1 on the configured port, with the token and language', async () => {
  const requests = [];
  const fetch = async (url, init) => { requests.push([url, init]); return jsonResponse(200, { language: 'en', findings: [] }); };
  const result = await client(fetch, { port: 7801, token: 's3cret', language: 'ja' }).check({ text: '電話 090-1234-5678' });
  assert.deepEqual(result, { language: 'en', findings: [] });
  const [url, init] = requests[0];
  assert.equal(url, 'http://127.0.0.1:7801/v1/check');
  assert.equal(init.method, 'POST');
  assert.equal(init.headers.Authorization, 'Bearer s3cret');
  assert.equal(init.headers['Content-Type'], 'application/json');
  assert.equal(init.credentials, 'omit');
  assert.deepEqual(JSON.parse(init.body), { text: '電話 090-1234-5678', format: 'plain', language: 'ja' });
});

test('no token, no Authorization header; health reports the port', async () => {
  let seen;
  const fetch = async (url, init) => { seen = [url, init]; return jsonResponse(200, { status: 'ok', version: '0.1.0', languages: ['en'] }); };
  const health = await client(fetch).health();
  assert.equal(seen[0], 'http://127.0.0.1:7678/v1/health');
  assert.equal(seen[1].headers.Authorization, undefined);
  assert.deepEqual(health, { status: 'ok', version: '0.1.0', languages: ['en'], port: 7678 });
});

test('server down: the message names the port and the exact command to start it', async () => {
  const refused = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(client(refused).check({ text: 'x' }),
    (error) => error.code === ERROR.SERVER_DOWN && error.message === 'postlint is not running on port 7678. Start it with: postlint serve');
  await assert.rejects(client(refused, { port: 7700 }).health(),
    (error) => error.code === ERROR.SERVER_DOWN && error.message.endsWith('Start it with: postlint serve --port 7700'));
});

test('each HTTP failure has its own code and message', async () => {
  const cases = [
    [401, { detail: 'missing or wrong token' }, ERROR.UNAUTHORIZED, /token/],
    [403, { detail: 'origin not allowed' }, ERROR.FORBIDDEN, /origin not allowed/],
    [413, { detail: 'the body is larger than 1048576 bytes' }, ERROR.TOO_LONG, /too long/],
    [503, { detail: 'too many checks waiting; try again shortly' }, ERROR.BUSY, /busy/],
    [422, { detail: 'unknown rule' }, ERROR.BAD_REQUEST, /unknown rule/],
    [500, 'Internal Server Error', ERROR.SERVER_ERROR, /HTTP 500/],
  ];
  for (const [status, body, code, pattern] of cases) {
    await assert.rejects(client(async () => jsonResponse(status, body)).check({ text: 'x' }),
      (error) => error.code === code && pattern.test(error.message), `HTTP ${status}`);
  }
});

test('something that is not postlint on the port is reported as such', async () => {
  const html = async () => new Response('<html>hello</html>', { status: 200 });
  await assert.rejects(client(html).check({ text: 'x' }), (error) => /Something other than postlint/.test(error.message));
  const other = async () => jsonResponse(200, { hello: 'world' });
  await assert.rejects(client(other).health(), (error) => /Something other than postlint/.test(error.message));
});

test('a check that takes longer than the limit is stopped with a timeout message', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const hanging = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  const pending = client(hanging).check({ text: 'x' });
  await new Promise((resolve) => setImmediate(resolve));
  t.mock.timers.tick(CHECK_TIMEOUT_MS);
  await assert.rejects(pending, (error) => error.code === ERROR.TIMEOUT && /within 5 seconds/.test(error.message));
});

test('findings in the language chosen in the options: lang is sent only when one is chosen', async () => {
  const bodies = [];
  const fetch = async (url, init) => { bodies.push(JSON.parse(init.body)); return jsonResponse(200, { language: 'en', findings: [] }); };
  await client(fetch, {}).check({ text: 'hi' });
  await client(fetch, { messages: 'ja' }).check({ text: 'hi' });
  assert.equal('lang' in bodies[0], false, 'auto: each finding in its sentence\'s language, as the server does by default');
  assert.equal(bodies[1].lang, 'ja');
});

test('failures are told in the browser\'s language', async () => {
  useLocale('ja');
  try {
    const down = async () => { throw new TypeError('Failed to fetch'); };
    await assert.rejects(client(down, { port: 7801 }).check({ text: 'x' }),
      (error) => error.code === ERROR.SERVER_DOWN && error.message === 'ポート 7801 で postlint が動いていません。次のコマンドで起動してください: postlint serve --port 7801');
  } finally {
    useLocale('en');
  }
});

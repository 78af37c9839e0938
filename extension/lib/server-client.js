// The only code that talks to `postlint serve` (on 127.0.0.1, this machine only). Every failure
// becomes a PostlintError whose message (in the browser's language) tells the user what happened
// and what to do.
import '../shared/i18n.js';
import '../shared/protocol.js';
import '../shared/settings.js';

const { ERROR, PostlintError } = globalThis.postlint.protocol;
const { serveCommand } = globalThis.postlint.settings;
const { t } = globalThis.postlint.i18n;
/** A server detail for a message: " (detail)" or ": detail" in the browser's language, or nothing. */
const detailed = (key, detail) => (detail ? t(key, detail) : '');

export const CHECK_TIMEOUT_MS = 5000;
export const HEALTH_TIMEOUT_MS = 2000;

/**
 * A client for the local server. `fetch` is the global fetch (injected for tests);
 * `loadSettings()` resolves the current settings (port, token, language) at every call, so
 * nothing is kept in the worker's memory.
 */
export function createServerClient({ fetch, loadSettings }) {
  async function call(settings, path, { method = 'GET', body, timeoutMs }) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (settings.token) headers.Authorization = `Bearer ${settings.token}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response;
    try {
      response = await fetch(`http://127.0.0.1:${settings.port}${path}`, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal, credentials: 'omit', cache: 'no-store', redirect: 'error',
      });
      if (!response.ok) throw await httpError(response, settings);
      return await parseJson(response, settings);
    } catch (error) {
      if (error instanceof PostlintError) throw error;
      if (controller.signal.aborted) throw timeoutError(timeoutMs);
      throw serverDownError(settings);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Check a draft: {text, format?, language?} -> {language, findings}; findings worded in the settings' `messages` language. */
  async function check({ text, format = 'plain', language }) {
    if (typeof text !== 'string') throw new PostlintError(ERROR.BAD_MESSAGE, t('errNoText'));
    const settings = await loadSettings();
    const body = { text, format, language: language ?? settings.language };
    if (settings.messages !== 'auto') body.lang = settings.messages;
    const result = await call(settings, '/v1/check', { method: 'POST', body, timeoutMs: CHECK_TIMEOUT_MS });
    if (!result || !Array.isArray(result.findings)) throw notPostlintError(settings);
    return result;
  }

  /** The server's status: {status, version, languages, port}. */
  async function health() {
    const settings = await loadSettings();
    const result = await call(settings, '/v1/health', { timeoutMs: HEALTH_TIMEOUT_MS });
    if (!result || result.status !== 'ok') throw notPostlintError(settings);
    return { ...result, port: settings.port };
  }

  return { check, health };
}

async function parseJson(response, settings) {
  try {
    return await response.json();
  } catch {
    throw notPostlintError(settings);
  }
}

async function serverDetail(response) {
  try {
    const data = await response.json();
    return typeof data?.detail === 'string' ? data.detail : '';
  } catch {
    return '';
  }
}

async function httpError(response, settings) {
  const detail = await serverDetail(response);
  switch (response.status) {
    case 401:
      return new PostlintError(ERROR.UNAUTHORIZED, t('errUnauthorized'));
    case 403:
      return new PostlintError(ERROR.FORBIDDEN, t('errForbidden', detailed('detailParenthesized', detail)));
    case 413:
      return new PostlintError(ERROR.TOO_LONG, t('errTooLong'));
    case 503:
      return new PostlintError(ERROR.BUSY, t('errBusy', detailed('detailParenthesized', detail)));
    case 400:
    case 415:
    case 422:
      return new PostlintError(ERROR.BAD_REQUEST, t('errBadRequest', detailed('detailColon', detail)));
    default:
      return new PostlintError(ERROR.SERVER_ERROR, t('errServer', response.status, serveCommand(settings)));
  }
}

function timeoutError(ms) {
  return new PostlintError(ERROR.TIMEOUT, t('errTimeout', ms / 1000));
}

function serverDownError(settings) {
  return new PostlintError(ERROR.SERVER_DOWN, t('errServerDown', settings.port, serveCommand(settings)));
}

function notPostlintError(settings) {
  return new PostlintError(ERROR.SERVER_ERROR, t('errNotPostlint', settings.port, serveCommand(settings)));
}

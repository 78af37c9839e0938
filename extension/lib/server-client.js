// The only code that talks to `postlint serve` (on 127.0.0.1, this machine only). Every failure
// becomes a PostlintError whose message tells the user what happened and what to do.
import '../shared/protocol.js';
import '../shared/settings.js';

const { ERROR, PostlintError } = globalThis.postlint.protocol;
const { serveCommand } = globalThis.postlint.settings;

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

  /** Check a draft: {text, format?, language?} -> {language, findings}. */
  async function check({ text, format = 'plain', language }) {
    if (typeof text !== 'string') throw new PostlintError(ERROR.BAD_MESSAGE, 'Nothing to check: no text was given.');
    const settings = await loadSettings();
    const result = await call(settings, '/v1/check', {
      method: 'POST', body: { text, format, language: language ?? settings.language }, timeoutMs: CHECK_TIMEOUT_MS,
    });
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
      return new PostlintError(ERROR.UNAUTHORIZED,
        'postlint refused the token. Enter the token `postlint serve` was started with in the extension\'s options.');
    case 403:
      return new PostlintError(ERROR.FORBIDDEN,
        `postlint refused this extension${detail ? ` (${detail})` : ''}. If it was started with --allow-origin, add this extension's id.`);
    case 413:
      return new PostlintError(ERROR.TOO_LONG,
        'This draft is too long for postlint to check in one go. Check it in shorter parts; nothing was changed.');
    case 503:
      return new PostlintError(ERROR.BUSY,
        `postlint is busy${detail ? ` (${detail})` : ''}. Try again in a moment; nothing was changed.`);
    case 400:
    case 415:
    case 422:
      return new PostlintError(ERROR.BAD_REQUEST, `postlint could not check this text${detail ? `: ${detail}` : ''}.`);
    default:
      return new PostlintError(ERROR.SERVER_ERROR,
        `postlint answered with an error (HTTP ${response.status}). Try again; if it persists, restart \`${serveCommand(settings)}\`.`);
  }
}

function timeoutError(ms) {
  return new PostlintError(ERROR.TIMEOUT,
    `postlint did not answer within ${ms / 1000} seconds, so the check was stopped. Nothing was changed; try again.`);
}

function serverDownError(settings) {
  return new PostlintError(ERROR.SERVER_DOWN,
    `postlint is not running on port ${settings.port}. Start it with: ${serveCommand(settings)}`);
}

function notPostlintError(settings) {
  return new PostlintError(ERROR.SERVER_ERROR,
    `Something other than postlint answers on port ${settings.port}. Start postlint with: ${serveCommand(settings)}, or change the port in the options.`);
}

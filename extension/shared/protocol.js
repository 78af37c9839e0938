// The message protocol between the extension's pages, its content scripts and its service worker:
// every message is {type, payload}; every answer is {ok: true, result} or {ok: false, error}
// where error is {code, message} and message is what the user reads.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.protocol`.
(() => {
  'use strict';

  const MESSAGE = Object.freeze({
    CHECK: 'check',
    HEALTH: 'health',
    SYNC_SITES: 'sync-sites',
  });

  const ERROR = Object.freeze({
    SERVER_DOWN: 'server-down',
    TIMEOUT: 'timeout',
    UNAUTHORIZED: 'unauthorized',
    FORBIDDEN: 'forbidden',
    TOO_LONG: 'too-long',
    BUSY: 'busy',
    BAD_REQUEST: 'bad-request',
    SERVER_ERROR: 'server-error',
    BAD_MESSAGE: 'bad-message',
    NO_ANSWER: 'no-answer',
  });

  /** An error the user should read, with a stable code for the code that shows it. */
  class PostlintError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'PostlintError';
      this.code = code;
    }
  }

  function toAnswer(result) {
    return { ok: true, result };
  }

  const t = (...args) => globalThis.postlint.i18n.t(...args);

  function toErrorAnswer(error) {
    const code = error instanceof PostlintError ? error.code : ERROR.SERVER_ERROR;
    const message = error instanceof PostlintError ? error.message : t('errExtension', error?.message ?? error);
    return { ok: false, error: { code, message } };
  }

  /** The result of an answer, or a PostlintError thrown from its error. */
  function fromAnswer(answer) {
    if (answer && answer.ok === true) return answer.result;
    if (answer && answer.ok === false && answer.error) {
      throw new PostlintError(answer.error.code, answer.error.message);
    }
    throw new PostlintError(ERROR.NO_ANSWER, t('errNoAnswer'));
  }

  const ns = (globalThis.postlint ??= {});
  ns.protocol = { MESSAGE, ERROR, PostlintError, toAnswer, toErrorAnswer, fromAnswer };
})();

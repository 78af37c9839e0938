// The service worker's one message router: {type, payload} in, {ok, result | error} out.
import '../shared/i18n.js';
import '../shared/protocol.js';

const { ERROR, PostlintError, toAnswer, toErrorAnswer } = globalThis.postlint.protocol;
const { t } = globalThis.postlint.i18n;

/**
 * A function (message, sender) -> Promise<answer> that hands each message's payload to the
 * handler of its type. Unknown types and malformed messages are answered with an error, never
 * thrown; a handler's PostlintError becomes the error the user reads.
 */
export function createRouter(handlers) {
  return async function route(message, sender) {
    const type = message && typeof message === 'object' ? message.type : undefined;
    if (typeof type !== 'string' || !Object.hasOwn(handlers, type)) {
      return toErrorAnswer(new PostlintError(ERROR.BAD_MESSAGE, t('errUnknownMessage', String(type))));
    }
    const payload = message.payload && typeof message.payload === 'object' ? message.payload : {};
    try {
      return toAnswer(await handlers[type](payload, sender));
    } catch (error) {
      return toErrorAnswer(error);
    }
  };
}

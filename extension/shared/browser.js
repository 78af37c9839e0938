// The browser APIs the extension uses, wrapped once: Chrome's `chrome.*` and Firefox's
// `browser.*` both return promises in Manifest V3, so this is the only place that names them.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.browser`.
(() => {
  'use strict';

  const ns = (globalThis.postlint ??= {});
  // Firefox's `browser`, else Chrome's `chrome`; checked for runtime.id because a page element
  // with id="browser" would otherwise shadow it.
  const api = () => (globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome);

  /** Send {type, payload} to the service worker; resolves its result or throws a PostlintError. */
  async function send(type, payload = {}, { timeoutMs = 0 } = {}) {
    const { fromAnswer, PostlintError, ERROR } = ns.protocol;
    let answer;
    try {
      const sending = api().runtime.sendMessage({ type, payload });
      answer = timeoutMs > 0 ? await withTimeout(sending, timeoutMs) : await sending;
    } catch (error) {
      if (error instanceof PostlintError) throw error;
      throw new PostlintError(ERROR.NO_ANSWER, ns.i18n.t('errReloaded'));
    }
    return fromAnswer(answer);
  }

  function withTimeout(promise, ms) {
    const { PostlintError, ERROR } = ns.protocol;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new PostlintError(ERROR.TIMEOUT, ns.i18n.t('errAnswerTimeout'))), ms);
      promise.then((value) => { clearTimeout(timer); resolve(value); },
        (error) => { clearTimeout(timer); reject(error); });
    });
  }

  /** Route incoming messages to `listener(message, sender)`, which returns a promise of the answer. */
  function onMessage(listener) {
    api().runtime.onMessage.addListener((message, sender, sendResponse) => {
      listener(message, sender).then(sendResponse);
      return true;
    });
  }

  async function getLocal(key) {
    const items = await api().storage.local.get(key);
    return items[key];
  }

  function setLocal(items) {
    return api().storage.local.set(items);
  }

  function onLocalChanged(callback) {
    api().storage.onChanged.addListener((changes, area) => {
      if (area === 'local') callback(changes);
    });
  }

  async function activeTab() {
    const [tab] = await api().tabs.query({ active: true, currentWindow: true });
    return tab ?? null;
  }

  const permissions = {
    request: (origins) => api().permissions.request({ origins }),
    remove: (origins) => api().permissions.remove({ origins }),
    contains: (origins) => api().permissions.contains({ origins }),
  };

  // Content scripts registered on the sites added in the options, or injected into a tab.
  const registeredScripts = (ids) => api().scripting.getRegisteredContentScripts({ ids });
  const registerScripts = (scripts) => api().scripting.registerContentScripts(scripts);
  const unregisterScripts = (ids) => api().scripting.unregisterContentScripts({ ids });
  const injectScripts = (tabId, files) => api().scripting.executeScript({ target: { tabId }, files });

  /** The files of the manifest's content script, in order (also used for sites added in options). */
  function contentScriptFiles() {
    return api().runtime.getManifest().content_scripts[0].js;
  }

  /** Run `callback` when the extension is installed or updated and when the browser starts. */
  function onInstalledOrStartup(callback) {
    api().runtime.onInstalled.addListener(callback);
    api().runtime.onStartup.addListener(callback);
  }

  function openOptions() {
    return api().runtime.openOptionsPage();
  }

  ns.browser = {
    send, onMessage, getLocal, setLocal, onLocalChanged, activeTab, permissions, registeredScripts,
    registerScripts, unregisterScripts, injectScripts, contentScriptFiles, onInstalledOrStartup, openOptions,
  };
})();

// The user's settings, kept in storage.local under one key (never in a worker's memory, which
// the browser may evict at any time): server port and token, the language of posts and of the
// findings' wording, the sites switched off, the sites that warn before posting, and the extra
// sites added in the options.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.settings`.
(() => {
  'use strict';

  const KEY = 'settings';
  const DEFAULT_PORT = 7678;
  const LANGUAGES = Object.freeze(['auto', 'en', 'ja']);
  const DEFAULTS = Object.freeze({
    port: DEFAULT_PORT,
    token: '',
    language: 'auto',
    messages: 'auto',
    disabledHosts: [],
    warnOnPostHosts: [],
    extraSites: [],
  });

  function validPort(value) {
    const port = Number(value);
    return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
  }

  function stringList(value) {
    return Array.isArray(value) ? [...new Set(value.filter((item) => typeof item === 'string' && item))] : [];
  }

  /** Settings with every field present and valid; anything unknown or invalid takes its default. */
  function normalize(raw) {
    const value = raw && typeof raw === 'object' ? raw : {};
    return {
      port: validPort(value.port) ?? DEFAULT_PORT,
      token: typeof value.token === 'string' ? value.token.trim() : '',
      language: LANGUAGES.includes(value.language) ? value.language : 'auto',
      messages: LANGUAGES.includes(value.messages) ? value.messages : 'auto',
      disabledHosts: stringList(value.disabledHosts),
      warnOnPostHosts: stringList(value.warnOnPostHosts),
      extraSites: stringList(value.extraSites),
    };
  }

  function browser() {
    return globalThis.postlint.browser;
  }

  async function load() {
    return normalize(await browser().getLocal(KEY));
  }

  /** Merge `patch` into the stored settings; resolves the settings as saved. */
  async function save(patch) {
    const next = normalize({ ...(await load()), ...patch });
    await browser().setLocal({ [KEY]: next });
    return next;
  }

  /** Call `callback(settings)` whenever the stored settings change. */
  function onChange(callback) {
    browser().onLocalChanged((changes) => {
      if (KEY in changes) callback(normalize(changes[KEY].newValue));
    });
  }

  function withHost(list, host, on) {
    return on ? [...new Set([...list, host])] : list.filter((item) => item !== host);
  }

  const isEnabledOn = (settings, host) => !settings.disabledHosts.includes(host);
  const warnsOnPost = (settings, host) => settings.warnOnPostHosts.includes(host);

  /** The command that starts the server these settings talk to. */
  function serveCommand(settings) {
    return settings.port === DEFAULT_PORT ? 'postlint serve' : `postlint serve --port ${settings.port}`;
  }

  const ns = (globalThis.postlint ??= {});
  ns.settings = {
    KEY, DEFAULT_PORT, LANGUAGES, DEFAULTS, normalize, load, save, onChange, withHost, isEnabledOn,
    warnsOnPost, serveCommand,
  };
})();

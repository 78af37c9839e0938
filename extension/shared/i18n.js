// The extension's words in the browser's language: chrome.i18n with _locales/en and _locales/ja
// (English when the browser's language is another). Pages mark what to translate with
// data-i18n (the key of their text) and data-i18n-ATTRIBUTE (of placeholder, aria-label, title).
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.i18n`.
(() => {
  'use strict';

  const api = () => (globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome);
  const ATTRIBUTES = ['placeholder', 'aria-label', 'title'];
  const MARK = '\u0001';

  /** The text of `key` with its $PLACEHOLDERS$ filled in from `values`, in order (the key itself when unknown). */
  function t(key, ...values) {
    return api()?.i18n?.getMessage(key, values.map(String)) || key;
  }

  /** "ja" or "en": the language of the messages shown (the browser's, when the extension has it). */
  function uiLanguage() {
    return api()?.i18n?.getMessage('uiLanguage') || 'en';
  }

  /**
   * The text of `key` as nodes, with each placeholder value a node (a <b>, a <code>): for
   * messages whose word order puts the node elsewhere in each language.
   */
  function nodes(key, ...values) {
    const marked = t(key, ...values.map((_, index) => `${MARK}${index}${MARK}`));
    return marked.split(MARK).map((part, index) => (index % 2 ? values[Number(part)] : part)).filter((part) => part !== '');
  }

  /** Translate a page: data-i18n* attributes, and the document's language. */
  function localizePage(doc) {
    doc.documentElement.lang = uiLanguage();
    for (const element of doc.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
    for (const attribute of ATTRIBUTES) {
      for (const element of doc.querySelectorAll(`[data-i18n-${attribute}]`)) {
        element.setAttribute(attribute, t(element.getAttribute(`data-i18n-${attribute}`)));
      }
    }
  }

  const ns = (globalThis.postlint ??= {});
  ns.i18n = { t, uiLanguage, nodes, localizePage };
})();

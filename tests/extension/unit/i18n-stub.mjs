// chrome.i18n for the unit tests: the extension's _locales/<lang>/messages.json, read and filled in
// as Chrome does ($NAME$ placeholders whose content is $1…$9). Import it before the modules under
// test; `useLocale('ja')` switches language.
import { readFileSync } from 'node:fs';

const LOCALES = new URL('../../../extension/_locales/', import.meta.url);

export function messages(locale) {
  return JSON.parse(readFileSync(new URL(`${locale}/messages.json`, LOCALES), 'utf8'));
}

/** A message as chrome.i18n.getMessage returns it ('' for an unknown key). */
export function fill(entry, substitutions = []) {
  if (!entry) return '';
  const positional = (text) => text.replace(/\$(\d)/g, (_, n) => substitutions[Number(n) - 1] ?? '');
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name) => {
    const placeholder = entry.placeholders?.[name.toLowerCase()];
    return placeholder ? positional(placeholder.content) : whole;
  });
}

let current = 'en';
export function useLocale(locale) {
  current = locale;
}

globalThis.chrome = {
  ...(globalThis.chrome ?? {}),
  i18n: {
    getMessage: (key, substitutions) => fill(messages(current)[key], [].concat(substitutions ?? [])),
    getUILanguage: () => current,
  },
};

// The extension's words in English and Japanese: every key the code and pages use exists in both
// locales with the same placeholders, the Japanese is Japanese, and messages are filled in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { messages, useLocale } from './i18n-stub.mjs';
import '../../../extension/shared/i18n.js';
import '../../../extension/shared/findings-view.js';

const EXTENSION = new URL('../../../extension/', import.meta.url);
const en = messages('en');
const ja = messages('ja');
const { t } = globalThis.postlint.i18n;
const { summary, counted, categoryLabel, CATEGORIES } = globalThis.postlint.view;

function sources(folder = EXTENSION) {
  return readdirSync(folder).flatMap((name) => {
    const path = new URL(name, folder);
    if (statSync(path).isDirectory()) return name === '_locales' ? [] : sources(new URL(`${name}/`, folder));
    return /\.(js|html|json)$/.test(name) ? [readFileSync(path, 'utf8')] : [];
  });
}

/** Every message key the extension names: t('key'…), data-i18n*="key", i18n.nodes('key'…), __MSG_key__, counted('key'…). */
function usedKeys() {
  const text = sources().join('\n');
  const keys = new Set();
  for (const [, key] of text.matchAll(/\bt\('([A-Za-z]+)'/g)) keys.add(key);
  for (const [, key] of text.matchAll(/nodes\('([A-Za-z]+)'/g)) keys.add(key);
  for (const [, key] of text.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z]+)"/g)) keys.add(key);
  for (const [, key] of text.matchAll(/__MSG_([A-Za-z]+)__/g)) keys.add(key);
  for (const [, key] of text.matchAll(/counted\('([A-Za-z]+)'/g)) keys.add(`${key}One`).add(`${key}Other`);
  for (const [, key] of text.matchAll(/t\(field === 'on' \? '([A-Za-z]+)' : '([A-Za-z]+)'/g)) keys.add(key);
  return keys;
}

test('every key the extension uses is in both locales', () => {
  const keys = usedKeys();
  assert.ok(keys.size > 60, `found ${keys.size} keys`);
  const missing = [...keys].filter((key) => !(key in en) || !(key in ja));
  assert.deepEqual(missing, []);
});

test('both locales have the same keys and placeholders, and the Japanese is Japanese', () => {
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
  const same = ['extName', 'detailColon', 'uiLanguage'];
  for (const [key, entry] of Object.entries(en)) {
    assert.deepEqual(Object.keys(ja[key].placeholders ?? {}).sort(), Object.keys(entry.placeholders ?? {}).sort(), key);
    if (!same.includes(key)) assert.match(ja[key].message, /[\u3040-\u30ff\u4e00-\u9fff「」、。（）]/, `${key} is not Japanese`);
  }
});

test('summaries, counts and labels read naturally in each language', () => {
  const findings = [{ severity: 'error' }, { severity: 'warning' }, { severity: 'warning' }];
  useLocale('en');
  assert.equal(summary(findings), '3 problems: 1 error, 2 warnings.');
  assert.equal(summary([{ severity: 'info' }]), '1 problem: 1 info.');
  assert.equal(summary([]), 'No problems found.');
  assert.equal(counted('stale', 2), '2 findings changed since the check.');
  assert.equal(t('checkTitle', 'Alt+Shift+L'), 'Check this post with postlint (Alt+Shift+L)');
  useLocale('ja');
  assert.equal(summary(findings), '問題が 3 件あります（エラー 1 件、警告 2 件）。');
  assert.equal(t('warnUnresolvedOther', 2, 'Ctrl+Enter'),
    'この投稿には未解決のエラーが 2 件あります。修正するか無視してください。このまま投稿するには、もう一度 Ctrl+Enter を押してください。');
  assert.deepEqual(CATEGORIES.map(categoryLabel).slice(0, 2), ['個人情報', '要配慮個人情報']);
  useLocale('en');
});

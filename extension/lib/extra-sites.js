// Sites the user added in the options: the content script is registered on those the user granted
// access to, and only on those (the built-in sites are in the manifest).
import '../shared/browser.js';
import '../shared/settings.js';

export const EXTRA_SITES_SCRIPT_ID = 'postlint-extra-sites';

/**
 * Register the content script on the extra sites the user added and granted, replacing any
 * earlier registration. Resolves the match patterns it now runs on.
 */
export async function syncExtraSites({ browser, loadSettings }) {
  const { extraSites } = await loadSettings();
  const granted = [];
  for (const pattern of extraSites) {
    if (await browser.permissions.contains([pattern])) granted.push(pattern);
  }
  const existing = await browser.registeredScripts([EXTRA_SITES_SCRIPT_ID]);
  if (existing.length > 0) await browser.unregisterScripts([EXTRA_SITES_SCRIPT_ID]);
  if (granted.length > 0) {
    await browser.registerScripts([{
      id: EXTRA_SITES_SCRIPT_ID, matches: granted, js: browser.contentScriptFiles(), runAt: 'document_idle',
    }]);
  }
  return granted;
}

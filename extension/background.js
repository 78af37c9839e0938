// The service worker: the only code that calls the local server. One message router; no state in
// memory (settings are read from storage at every call), since the browser may evict the worker
// at any time.
import './shared/i18n.js';
import './shared/protocol.js';
import './shared/browser.js';
import './shared/settings.js';
import { createRouter } from './lib/router.js';
import { createServerClient } from './lib/server-client.js';
import { syncExtraSites } from './lib/extra-sites.js';

const { browser, settings, protocol } = globalThis.postlint;
const { MESSAGE } = protocol;

const server = createServerClient({ fetch: (...args) => globalThis.fetch(...args), loadSettings: settings.load });
const syncSites = () => syncExtraSites({ browser, loadSettings: settings.load });

browser.onMessage(createRouter({
  [MESSAGE.CHECK]: (payload) => server.check(payload),
  [MESSAGE.HEALTH]: () => server.health(),
  [MESSAGE.SYNC_SITES]: () => syncSites(),
}));
browser.onInstalledOrStartup(() => syncSites()
  .catch((error) => console.warn('postlint: could not register the content script on added sites:', error.message)));

// Settings, the known sites and the manifest: defaults, validation, and that the manifest runs
// the content script on every known site and asks for no more than it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import './i18n-stub.mjs';
import { readFileSync, existsSync } from 'node:fs';
import '../../../extension/shared/settings.js';
import '../../../extension/shared/sites.js';
import '../../../extension/shared/browser.js';
import { syncExtraSites, EXTRA_SITES_SCRIPT_ID } from '../../../extension/lib/extra-sites.js';

const { settings: Settings, sites } = globalThis.postlint;
const EXTENSION = new URL('../../../extension/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', EXTENSION), 'utf8'));

test('settings: every field has a default, invalid values fall back to it', () => {
  assert.deepEqual(Settings.normalize(undefined), { ...Settings.DEFAULTS });
  const odd = Settings.normalize({ port: '70000', token: '  abc ', language: 'fr', disabledHosts: ['x.com', 'x.com', 3], extra: 1 });
  assert.equal(odd.port, 7678);
  assert.equal(odd.token, 'abc');
  assert.equal(odd.language, 'auto');
  assert.deepEqual(odd.disabledHosts, ['x.com']);
  assert.equal('extra' in odd, false);
  assert.equal(Settings.normalize({ port: '7700' }).port, 7700);
});

test('settings: site switches and the command that starts the configured server', () => {
  const settings = Settings.normalize({ disabledHosts: ['bsky.app'], warnOnPostHosts: ['x.com'] });
  assert.equal(Settings.isEnabledOn(settings, 'bsky.app'), false);
  assert.equal(Settings.isEnabledOn(settings, 'x.com'), true);
  assert.equal(Settings.warnsOnPost(settings, 'x.com'), true);
  assert.deepEqual(Settings.withHost(['a'], 'b', true), ['a', 'b']);
  assert.deepEqual(Settings.withHost(['a', 'b'], 'a', false), ['b']);
  assert.equal(Settings.serveCommand(settings), 'postlint serve');
  assert.equal(Settings.serveCommand(Settings.normalize({ port: 7700 })), 'postlint serve --port 7700');
});

test('sites: hosts map to their site; typed addresses become match patterns', () => {
  assert.equal(sites.siteForHost('x.com').id, 'x');
  assert.equal(sites.siteForHost('mstdn.jp').id, 'mastodon');
  assert.equal(sites.siteForHost('127.0.0.1').id, 'local');
  assert.equal(sites.siteForHost('example.org'), null);
  assert.equal(sites.patternForSite('https://social.example.org/@me'), 'https://social.example.org/*');
  assert.equal(sites.patternForSite('social.example.org'), 'https://social.example.org/*');
  assert.equal(sites.patternForSite('ftp://example.org'), null);
  assert.equal(sites.patternForSite('not a site'), null);
  assert.equal(sites.patternForSite(''), null);
});

test('manifest: the content script runs on exactly the known sites, with its files in load order', () => {
  const [script] = manifest.content_scripts;
  assert.deepEqual(new Set(script.matches), new Set(sites.SITES.flatMap((site) => site.matches)));
  for (const file of script.js) assert.ok(existsSync(new URL(file, EXTENSION)), file);
  assert.equal(script.js.at(-1), 'content.js');
  const order = (name) => script.js.indexOf(name);
  assert.ok(order('shared/protocol.js') < order('shared/browser.js'));
  assert.ok(order('shared/offsets.js') < order('content/composer.js'));
  assert.ok(order('shared/findings-view.js') < order('content/ui.js'));
});

test('manifest: MV3, minimal permissions, host access to the local server only', () => {
  assert.equal(manifest.manifest_version, 3);
  assert.deepEqual(manifest.background, { service_worker: 'background.js', type: 'module' });
  assert.deepEqual([...manifest.permissions].sort(), ['activeTab', 'scripting', 'storage']);
  assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*']);
  for (const file of [manifest.action.default_popup, manifest.options_ui.page, ...Object.values(manifest.icons)]) {
    assert.ok(existsSync(new URL(file, EXTENSION)), file);
  }
});

test('the extension pages load only files that exist', () => {
  for (const page of [manifest.action.default_popup, manifest.options_ui.page]) {
    const html = readFileSync(new URL(page, EXTENSION), 'utf8');
    for (const [, src] of html.matchAll(/(?:src|href)="([^"#]+)"/g)) {
      assert.ok(existsSync(new URL(src, new URL(page, EXTENSION))), `${page}: ${src}`);
    }
  }
});

test('added sites: the content script is registered on those granted, replacing the old registration', async () => {
  const calls = [];
  const fake = {
    permissions: { contains: async ([pattern]) => pattern !== 'https://denied.example/*' },
    registeredScripts: async (ids) => { calls.push(['registered', ids]); return [{ id: EXTRA_SITES_SCRIPT_ID }]; },
    unregisterScripts: async (ids) => calls.push(['unregister', ids]),
    registerScripts: async (scripts) => calls.push(['register', scripts]),
    contentScriptFiles: () => ['shared/protocol.js', 'content.js'],
  };
  const loadSettings = async () => Settings.normalize({ extraSites: ['https://social.example/*', 'https://denied.example/*'] });
  assert.deepEqual(await syncExtraSites({ browser: fake, loadSettings }), ['https://social.example/*']);
  assert.deepEqual(calls, [
    ['registered', [EXTRA_SITES_SCRIPT_ID]],
    ['unregister', [EXTRA_SITES_SCRIPT_ID]],
    ['register', [{ id: EXTRA_SITES_SCRIPT_ID, matches: ['https://social.example/*'], js: ['shared/protocol.js', 'content.js'], runAt: 'document_idle' }]],
  ]);
  calls.length = 0;
  await syncExtraSites({ browser: fake, loadSettings: async () => Settings.normalize({}) });
  assert.deepEqual(calls.map(([name]) => name), ['registered', 'unregister']);
});

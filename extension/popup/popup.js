// The toolbar popup: is the server running (and if not, the command that starts it), postlint
// on/off for the current site, and a box to paste a draft and check it.
const { browser, settings: Settings, protocol, sites, offsets, view, i18n } = globalThis.postlint;
const { t } = i18n;

const BUSY_AFTER_MS = 150;
const $ = (hook) => document.querySelector(`[data-postlint="${hook}"]`);

function useFindingsStyles() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(view.FINDINGS_CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function showMessage(element, text) {
  element.replaceChildren(...view.messageNodes(document, text));
}

async function showServerStatus() {
  const pill = $('server-state');
  try {
    const health = await browser.send(protocol.MESSAGE.HEALTH);
    pill.dataset.state = 'connected';
    pill.textContent = t('popupServerConnected');
    showMessage($('server-status'), t('popupRunning', health.version, health.port));
  } catch (error) {
    pill.dataset.state = 'down';
    pill.textContent = t(error.code === protocol.ERROR.SERVER_DOWN ? 'popupServerDown' : 'popupServerProblem');
    showMessage($('server-status'), error.message);
  }
}

async function showSite() {
  const tab = await browser.activeTab();
  let url;
  try {
    url = new URL(tab?.url ?? '');
  } catch {
    return;
  }
  if (!['http:', 'https:'].includes(url.protocol)) return;
  const settings = await Settings.load();
  const pattern = sites.patternForSite(url.origin);
  const active = sites.siteForHost(url.hostname) || (pattern && settings.extraSites.includes(pattern));
  $('site').hidden = false;
  const hostName = () => view.el(document, 'b', { 'data-postlint': 'site-host' }, url.hostname);
  if (active) {
    $('site-switch').hidden = false;
    $('site-switch-label').replaceChildren(...i18n.nodes('popupCheckSite', hostName()));
    const toggle = $('site-toggle');
    toggle.checked = Settings.isEnabledOn(settings, url.hostname);
    toggle.addEventListener('change', async () => {
      const current = await Settings.load();
      await Settings.save({ disabledHosts: Settings.withHost(current.disabledHosts, url.hostname, !toggle.checked) });
    });
    return;
  }
  $('site-add-box').hidden = false;
  $('site-off').replaceChildren(...i18n.nodes('popupNotActive', hostName()));
  $('site-add').addEventListener('click', () => addSite(tab, pattern));
}

async function addSite(tab, pattern) {
  if (!pattern || !(await browser.permissions.request([pattern]))) return;
  const current = await Settings.load();
  await Settings.save({ extraSites: [...current.extraSites, pattern] });
  await browser.send(protocol.MESSAGE.SYNC_SITES);
  await browser.injectScripts(tab.id, browser.contentScriptFiles());
  window.close();
}

function renderFindings(text, findings) {
  const input = $('input');
  const sorted = [...findings].sort(view.bySeverityThenPosition);
  $('findings').replaceChildren(...sorted.map((finding) => view.findingItem(document, finding, {
    onSelect: () => {
      const range = offsets.relocate(input.value, offsets.utf16Range(text, finding), finding.text);
      if (!range) return;
      input.focus();
      input.setSelectionRange(range.start, range.end);
    },
  })));
  $('summary').textContent = view.summary(findings);
}

async function checkPasted() {
  const text = $('input').value;
  const status = $('status');
  status.hidden = true;
  $('findings').replaceChildren();
  $('summary').textContent = '';
  if (!text.trim()) {
    status.hidden = false;
    status.dataset.kind = 'info';
    status.textContent = t('popupPasteFirst');
    return;
  }
  const busy = setTimeout(() => {
    status.hidden = false;
    status.dataset.kind = 'busy';
    status.textContent = t('statusChecking');
  }, BUSY_AFTER_MS);
  try {
    const result = await browser.send(protocol.MESSAGE.CHECK, { text, format: 'plain' });
    status.hidden = true;
    renderFindings(text, result.findings);
  } catch (error) {
    status.hidden = false;
    status.dataset.kind = 'error';
    showMessage(status, error.message);
  } finally {
    clearTimeout(busy);
  }
}

i18n.localizePage(document);
useFindingsStyles();
$('check').addEventListener('click', checkPasted);
$('input').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) checkPasted();
});
$('options').addEventListener('click', (event) => {
  event.preventDefault();
  browser.openOptions();
});
showServerStatus();
showSite();

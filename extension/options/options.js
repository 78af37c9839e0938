// The options page: server port, token, the language of posts and of findings; the sites postlint
// runs on, which of them warn before posting, and more sites added by the user (each granted by
// the browser's prompt).
const { browser, settings: Settings, protocol, sites, view, i18n } = globalThis.postlint;
const { t } = i18n;

const $ = (hook) => document.querySelector(`[data-postlint="${hook}"]`);
const TOKEN_CHARACTERS = /^[\x21-\x7e]*$/;

function showStatus(text, kind = 'ok') {
  const status = $('status');
  status.hidden = !text;
  status.dataset.kind = kind;
  status.replaceChildren(...view.messageNodes(document, text));
}

async function fillServerForm() {
  const settings = await Settings.load();
  $('port').value = settings.port;
  $('token').value = settings.token;
  $('language').value = settings.language;
  $('messages').value = settings.messages;
}

async function saveServerForm(event) {
  event.preventDefault();
  const token = $('token').value.trim();
  if (!TOKEN_CHARACTERS.test(token)) {
    showStatus(t('optionsBadToken'), 'error');
    return;
  }
  const saved = await Settings.save({ port: Number($('port').value), token, language: $('language').value, messages: $('messages').value });
  $('port').value = saved.port;
  showStatus(t('optionsSaved', saved.port));
}

async function testConnection() {
  try {
    const health = await browser.send(protocol.MESSAGE.HEALTH);
    showStatus(t('optionsConnected', health.version, health.port));
  } catch (error) {
    showStatus(error.message, 'error');
  }
}

/** One row per site: the built-in ones (every host of a site together), then the added ones. */
function siteRows(settings) {
  const builtIn = sites.SITES.map((site) => ({
    label: site.id === 'local' ? t('optionsLocalSites') : site.label, hosts: site.matches.map(sites.hostOfPattern), pattern: null,
  }));
  const added = settings.extraSites.map((pattern) => ({ label: sites.hostOfPattern(pattern), hosts: [sites.hostOfPattern(pattern)], pattern }));
  return [...builtIn, ...added];
}

function hostsToggle(row, field, settings) {
  const box = view.el(document, 'input', {
    type: 'checkbox', 'data-postlint': `site-${field}`, 'data-site': row.label,
    'aria-label': t(field === 'on' ? 'optionsCheckOn' : 'optionsWarnOn', row.label),
  });
  const included = (host) => (field === 'on' ? Settings.isEnabledOn(settings, host) : Settings.warnsOnPost(settings, host));
  box.checked = row.hosts.every(included);
  box.addEventListener('change', async () => {
    const current = await Settings.load();
    const key = field === 'on' ? 'disabledHosts' : 'warnOnPostHosts';
    const wanted = field === 'on' ? !box.checked : box.checked;
    const next = row.hosts.reduce((hosts, host) => Settings.withHost(hosts, host, wanted), current[key]);
    await Settings.save({ [key]: next });
  });
  return box;
}

async function renderSites() {
  const settings = await Settings.load();
  $('sites').replaceChildren(...siteRows(settings).map((row) => view.el(document, 'tr', {},
    view.el(document, 'td', {}, view.el(document, 'b', {}, row.label),
      view.el(document, 'div', { class: 'hosts' }, row.hosts.join(', '))),
    view.el(document, 'td', {}, hostsToggle(row, 'on', settings)),
    view.el(document, 'td', {}, hostsToggle(row, 'warn', settings)),
    view.el(document, 'td', {}, row.pattern ? removeButton(row.pattern) : null))));
}

function removeButton(pattern) {
  const button = view.el(document, 'button', { type: 'button', 'data-postlint': 'site-remove' }, t('optionsRemove'));
  button.addEventListener('click', async () => {
    const current = await Settings.load();
    await Settings.save({ extraSites: current.extraSites.filter((item) => item !== pattern) });
    await browser.permissions.remove([pattern]);
    await browser.send(protocol.MESSAGE.SYNC_SITES);
  });
  return button;
}

async function addSite(event) {
  event.preventDefault();
  const pattern = sites.patternForSite($('site-input').value);
  if (!pattern) {
    showStatus(t('optionsEnterSite'), 'error');
    return;
  }
  if (sites.siteForHost(sites.hostOfPattern(pattern))) {
    showStatus(t('optionsAlreadySite', sites.hostOfPattern(pattern)), 'error');
    return;
  }
  // The permission prompt needs this click's user gesture: ask before anything else is awaited.
  const granted = await browser.permissions.request([pattern]);
  if (!granted) {
    showStatus(t('optionsNotGranted', sites.hostOfPattern(pattern)), 'error');
    return;
  }
  const current = await Settings.load();
  await Settings.save({ extraSites: [...current.extraSites, pattern] });
  await browser.send(protocol.MESSAGE.SYNC_SITES);
  $('site-input').value = '';
  showStatus(t('optionsAdded', sites.hostOfPattern(pattern)));
}

const code = (text) => view.el(document, 'code', {}, text);
i18n.localizePage(document);
$('privacy').replaceChildren(...i18n.nodes('optionsPrivacy', code('postlint serve')));
$('token-hint').replaceChildren(...i18n.nodes('optionsTokenHint', code('--token')));
$('server-form').addEventListener('submit', saveServerForm);
$('test').addEventListener('click', testConnection);
$('site-form').addEventListener('submit', addSite);
Settings.onChange(renderSites);
fillServerForm();
renderSites();

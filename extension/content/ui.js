// What the extension draws on a page: a small Check control in the focused composer's corner (or
// in free space beside it), a panel with the findings beside the composer, and the underlines.
// Neither the control nor the panel ever covers the composer's text, its toolbar or its Post
// button (placement.js). The control follows the composer in the Tab order; Escape and a click
// outside close the panel. Everything lives in one open Shadow DOM, so the page's CSS cannot
// break it and tests can reach it (data-postlint hooks).
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.ui`.
(() => {
  'use strict';

  const { el, messageNodes, findingItem, summary, FINDINGS_CSS } = globalThis.postlint.view;
  const { t } = globalThis.postlint.i18n;
  const { placeControl, placePanel } = globalThis.postlint.placement;
  const { createUnderlines } = globalThis.postlint.underlines;
  const Composer = globalThis.postlint.composer;
  const PANEL_WIDTH = 380;
  const SHORTCUT_LABEL = 'Alt+Shift+L';
  const PANEL_ID = 'postlint-panel';
  const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex], [contenteditable="true"]';
  // A custom element name: page rules for div, span… do not match it, and its inline
  // !important style wins over the page's.
  const HOST_TAG = 'postlint-overlay';
  const HOST_STYLE = {
    display: 'block', position: 'fixed', top: '0', left: '0', width: '0', height: '0', margin: '0', padding: '0',
    border: '0', 'z-index': '2147483647', transform: 'none', filter: 'none', opacity: '1', visibility: 'visible',
    contain: 'none', overflow: 'visible',
  };

  const CSS = `
    :host { all: initial; }
    * { box-sizing: border-box; }
    .check { position: fixed; z-index: 2147483647; display: inline-flex; align-items: center; gap: 5px;
      font: 600 12px/1 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif;
      height: 26px; padding: 0 10px; border-radius: 13px; border: 1px solid #1f5fbf; background: #fff; color: #1f5fbf;
      box-shadow: 0 1px 4px rgba(0,0,0,.18); cursor: pointer; white-space: nowrap; }
    .check:hover, .check:focus-visible, .check[aria-expanded="true"] { background: #1f5fbf; color: #fff; }
    .check:focus-visible { outline: 2px solid #1f5fbf; outline-offset: 2px; }
    .check .dot { width: 8px; height: 8px; border-radius: 50%; background: #9aa4b2; }
    .check[data-state="error"] .dot { background: #d32f2f; }
    .check[data-state="warning"] .dot { background: #e09b00; }
    .check[data-state="clean"] .dot { background: #2e7d32; }
    .check .count { min-width: 16px; padding: 1px 4px; border-radius: 8px; background: #d32f2f; color: #fff; font-size: 11px; text-align: center; }
    .check[data-state="warning"] .count { background: #a86f00; }
    .check[data-state="info"] .count { background: #1e6fd9; }
    .panel { position: fixed; z-index: 2147483647; overflow: auto; background: #fff; color: #112;
      font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif;
      border: 1px solid #c5cdd8; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 10px 12px; }
    .panel[hidden], .check[hidden], .status[hidden], .post-warning[hidden], .underlines[hidden] { display: none; }
    .bar { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
    .title { font-weight: 700; margin: 0; font-size: 13px; }
    .summary { flex: 1; color: #445; }
    .close { font: inherit; border: none; background: none; font-size: 18px; line-height: 1; cursor: pointer; color: #556; padding: 0 4px; border-radius: 4px; }
    .close:focus-visible { outline: 2px solid #1f5fbf; }
    .status { margin: 0 0 8px; padding: 6px 8px; border-radius: 4px; background: #eef2f7; }
    .status[data-kind="error"] { background: #fdecea; color: #8a1c1c; }
    .status button { font: inherit; font-size: 12px; margin-left: 6px; padding: 2px 8px; border-radius: 4px; border: 1px solid #1f5fbf; background: #fff; color: #1f5fbf; cursor: pointer; }
    .post-warning { margin: 0 0 8px; padding: 6px 8px; border-radius: 4px; background: #fff4d6; color: #5c4300; font-weight: 600; }
    code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: rgba(0,0,0,.06); padding: 0 3px; border-radius: 3px; user-select: all; }
    ${FINDINGS_CSS}
  `;

  function styleRoot(shadow) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      shadow.append(el(document, 'style', {}, CSS));
    }
  }

  const viewport = () => ({ width: document.documentElement.clientWidth || innerWidth, height: document.documentElement.clientHeight || innerHeight });
  const isFocusable = (element) => element.tabIndex >= 0 && !element.disabled && !element.closest('[inert], [hidden]')
    && element.getClientRects().length > 0;

  /**
   * The overlay. `onCheck()` runs a check of the composer it is attached to; `isPostButton(element)`
   * tells the page's Post button (the panel and control keep clear of it); `onUnderline(id)` is
   * called when the user points at or clicks an underlined span.
   */
  function createOverlay({ onCheck, isPostButton, onUnderline }) {
    const host = el(document, HOST_TAG, {});
    for (const [property, value] of Object.entries(HOST_STYLE)) host.style.setProperty(property, value, 'important');
    const shadow = host.attachShadow({ mode: 'open' });
    styleRoot(shadow);
    const underlines = createUnderlines(shadow);
    const count = el(document, 'span', { class: 'count', 'data-postlint': 'count', hidden: true });
    const checkButton = el(document, 'button', {
      type: 'button', class: 'check', 'data-postlint': 'check', hidden: true, 'aria-haspopup': 'dialog',
      'aria-expanded': 'false', 'aria-controls': PANEL_ID, title: t('checkTitle', SHORTCUT_LABEL), 'aria-label': t('checkTitle', SHORTCUT_LABEL),
    }, el(document, 'span', { class: 'dot', 'aria-hidden': 'true' }), t('checkLabel'), count);
    const summaryLine = el(document, 'span', { class: 'summary', 'data-postlint': 'summary', 'aria-live': 'polite' });
    const closeButton = el(document, 'button', { type: 'button', class: 'close', 'data-postlint': 'close', 'aria-label': t('closeLabel'), title: t('closeLabel') }, '×');
    const status = el(document, 'p', { class: 'status', 'data-postlint': 'status', hidden: true, role: 'status' });
    const warning = el(document, 'p', { class: 'post-warning', 'data-postlint': 'post-warning', hidden: true, role: 'alert' });
    const list = el(document, 'ol', { class: 'findings', 'data-postlint': 'findings' });
    const panel = el(document, 'section', {
      class: 'panel', id: PANEL_ID, 'data-postlint': 'panel', hidden: true, role: 'dialog', 'aria-modal': 'false',
      'aria-labelledby': 'postlint-title', lang: globalThis.postlint.i18n.uiLanguage(),
    },
    el(document, 'div', { class: 'bar' }, el(document, 'h2', { class: 'title', id: 'postlint-title' }, t('panelLabel')), summaryLine, closeButton),
    warning, status, list);
    shadow.append(checkButton, panel);

    let composer = null;
    let frame = 0;

    // Keep the composer's focus and selection when our controls are pressed.
    checkButton.addEventListener('mousedown', (event) => event.preventDefault());
    checkButton.addEventListener('click', () => onCheck());
    closeButton.addEventListener('click', () => hidePanel({ refocus: true }));
    checkButton.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.shiftKey) {
        event.preventDefault();
        composer?.focus({ preventScroll: true });
      } else if (panel.hidden) {
        event.preventDefault();
        focusAfterComposer();
      }
    });
    panel.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
      const inPanel = [...panel.querySelectorAll(FOCUSABLE)].filter(isFocusable);
      if (shadow.activeElement === inPanel[inPanel.length - 1]) {
        event.preventDefault();
        focusAfterComposer();
      }
    });

    function mount() {
      if (!host.isConnected) document.documentElement.append(host);
    }

    /** The page's next focusable element after the composer, as if the control sat right after it. */
    function focusAfterComposer() {
      const next = [...document.querySelectorAll(FOCUSABLE)].find((element) => composer
        && (composer.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)
        && !composer.contains(element) && isFocusable(element));
      if (next) next.focus();
      else checkButton.blur();
    }

    /** Put the control in the composer's corner or beside it, and the panel beside the lot. */
    function place() {
      frame = 0;
      if (!composer || !composer.isConnected) { detach(); return; }
      const rect = composer.getBoundingClientRect();
      const controls = Composer.pageControlsNear(composer, isPostButton);
      const size = { width: checkButton.offsetWidth || 80, height: checkButton.offsetHeight || 26 };
      const spot = placeControl({
        composer: rect, text: Composer.textRects(composer), avoid: controls, viewport: viewport(), size,
        corners: !Composer.isTextarea(composer), isFree: (box) => Composer.freeOfPageControls(composer, box, owns),
      });
      checkButton.style.visibility = spot ? 'visible' : 'hidden';
      if (spot) Object.assign(checkButton.style, { left: `${spot.left}px`, top: `${spot.top}px` });
      underlines.place();
      if (panel.hidden) return;
      const where = placePanel({ protect: [rect, ...controls], control: spot, anchor: rect, viewport: viewport(), width: PANEL_WIDTH });
      if (!where) return;
      Object.assign(panel.style, {
        left: `${where.left}px`, width: `${where.width}px`, maxHeight: `${where.maxHeight}px`,
        top: where.bottomAligned ? 'auto' : `${where.top}px`,
        bottom: where.bottomAligned ? `${viewport().height - where.top - where.maxHeight}px` : 'auto',
      });
      panel.dataset.side = where.side;
    }

    function schedulePlace() {
      if (!frame) frame = requestAnimationFrame(place);
    }

    const resizes = new ResizeObserver(schedulePlace);
    window.addEventListener('scroll', schedulePlace, { capture: true, passive: true });
    window.addEventListener('resize', schedulePlace, { passive: true });

    // Pointing at or clicking an underlined span opens its card.
    let hovered = null;
    let hoverTimer = 0;
    function underlineAt(event) {
      if (!composer || !(event.composedPath().includes(composer))) return null;
      return underlines.at(event.clientX, event.clientY);
    }
    document.addEventListener('mousemove', (event) => {
      const id = underlineAt(event);
      if (id === hovered) return;
      hovered = id;
      clearTimeout(hoverTimer);
      if (id !== null) hoverTimer = setTimeout(() => onUnderline(id), 300);
    }, { passive: true });
    document.addEventListener('click', (event) => {
      const id = underlineAt(event);
      if (id !== null) onUnderline(id);
    }, true);

    /** Show the Check control for `target`. */
    function attachTo(target) {
      mount();
      if (composer !== target) {
        if (composer) resizes.unobserve(composer);
        composer = target;
        resizes.observe(composer);
        target.addEventListener('scroll', schedulePlace, { passive: true });
        target.addEventListener('input', schedulePlace, { passive: true });
        hidePanel();
        underlines.clear();
        setState([]);
      }
      checkButton.hidden = false;
      place();
    }

    function detach() {
      if (composer) resizes.unobserve(composer);
      composer = null;
      checkButton.hidden = true;
      underlines.clear();
      hidePanel();
    }

    function showPanel() {
      panel.hidden = false;
      checkButton.setAttribute('aria-expanded', 'true');
      place();
    }

    /** Close the panel; `refocus`: give the focus back to the composer (it was in the panel). */
    function hidePanel({ refocus = false } = {}) {
      const hadFocus = shadow.activeElement && panel.contains(shadow.activeElement);
      panel.hidden = true;
      warning.hidden = true;
      checkButton.setAttribute('aria-expanded', 'false');
      if ((refocus || hadFocus) && composer?.isConnected) composer.focus({ preventScroll: true });
    }

    /** A status line; `action` ({label, onClick}) adds a button to it; `show`: open the panel for it. */
    function setStatus(text, kind = 'info', action = null, { show = true } = {}) {
      status.hidden = !text;
      status.dataset.kind = kind;
      const button = action ? el(document, 'button', { type: 'button', 'data-postlint': 'status-action' }, action.label) : null;
      button?.addEventListener('click', action.onClick);
      status.replaceChildren(...(text ? messageNodes(document, text) : []), ...(button ? [button] : []));
      if (text && show) showPanel();
    }

    function setWarning(text) {
      warning.hidden = !text;
      warning.textContent = text ?? '';
      if (text) showPanel();
    }

    /** The control's look: the worst severity of the open findings and how many there are. */
    function setState(findings, checked = false) {
      checkButton.dataset.state = !checked ? '' : findings.some((f) => f.severity === 'error') ? 'error'
        : findings.some((f) => f.severity === 'warning') ? 'warning' : findings.length ? 'info' : 'clean';
      count.hidden = !findings.length;
      count.textContent = String(findings.length);
      const label = checked ? t('checkCountTitle', summary(findings), SHORTCUT_LABEL) : t('checkTitle', SHORTCUT_LABEL);
      checkButton.setAttribute('aria-label', label);
      checkButton.title = label;
    }

    /**
     * Show findings and underline them. Entries are {id, finding, range, stale, onSelect, onApply,
     * onIgnore}; a stale one (its text changed) is listed, not counted or underlined. `show`: open
     * the panel.
     */
    function showFindings(entries, { show = true } = {}) {
      list.replaceChildren(...entries.map(({ id, finding, stale, ...actions }) => {
        const item = findingItem(document, finding, { ...actions, stale, staleNote: t('staleNote') });
        item.dataset.id = String(id);
        return item;
      }));
      const open = entries.filter((entry) => !entry.stale).map((entry) => entry.finding);
      summaryLine.textContent = summary(open);
      setState(open, true);
      underlines.render(composer, entries.filter((entry) => !entry.stale)
        .map((entry) => ({ id: entry.id, start: entry.range.start, end: entry.range.end, severity: entry.finding.severity })));
      if (show) showPanel();
      else place();
    }

    function clearFindings() {
      list.replaceChildren();
      summaryLine.textContent = '';
      underlines.clear();
      setState([]);
    }

    /** Open the panel on the card of finding `id` and bring it into view (without taking the focus). */
    function showCard(id) {
      showPanel();
      for (const item of list.children) item.classList.toggle('active', item.dataset.id === String(id));
      list.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
    }

    const owns = (node) => node === host || node?.getRootNode?.() === shadow;

    return {
      attachTo, detach, hidePanel, setStatus, setWarning, showFindings, clearFindings, showCard, owns,
      focusControl: () => checkButton.focus(),
      get controlShown() { return !checkButton.hidden && checkButton.style.visibility !== 'hidden'; },
      get composer() { return composer; },
      get panelOpen() { return !panel.hidden; },
    };
  }

  const ns = (globalThis.postlint ??= {});
  ns.ui = { createOverlay, SHORTCUT_LABEL };
})();

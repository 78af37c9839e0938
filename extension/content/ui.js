// What the extension draws on a page: a small Check button beside the focused composer and a
// panel anchored to it with the findings. Everything lives in one open Shadow DOM, so the page's
// CSS cannot break it and tests can reach it (data-postlint hooks).
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.ui`.
(() => {
  'use strict';

  const { el, messageNodes, findingItem, summary, FINDINGS_CSS } = globalThis.postlint.view;
  const PANEL_WIDTH = 380;
  const GAP = 6;
  const SHORTCUT_LABEL = 'Alt+Shift+L';
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
      padding: 6px 10px; border-radius: 14px; border: 1px solid #1f5fbf; background: #fff; color: #1f5fbf;
      box-shadow: 0 1px 4px rgba(0,0,0,.18); cursor: pointer; }
    .check:hover, .check:focus-visible { background: #1f5fbf; color: #fff; outline: none; }
    .check .dot { width: 8px; height: 8px; border-radius: 50%; background: #9aa4b2; }
    .check[data-state="error"] .dot { background: #c62828; }
    .check[data-state="warning"] .dot { background: #e09b00; }
    .check[data-state="clean"] .dot { background: #2e7d32; }
    .panel { position: fixed; z-index: 2147483647; width: ${PANEL_WIDTH}px; max-width: calc(100vw - 16px);
      max-height: min(60vh, 520px); overflow: auto; background: #fff; color: #112;
      font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans JP", sans-serif;
      border: 1px solid #c5cdd8; border-radius: 8px; box-shadow: 0 6px 24px rgba(0,0,0,.18); padding: 10px 12px; }
    .panel[hidden], .check[hidden], .status[hidden], .warning[hidden] { display: none; }
    .bar { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
    .title { font-weight: 700; }
    .summary { flex: 1; color: #445; }
    .close { font: inherit; border: none; background: none; font-size: 18px; line-height: 1; cursor: pointer; color: #556; padding: 0 2px; }
    .status { margin: 0 0 8px; padding: 6px 8px; border-radius: 4px; background: #eef2f7; }
    .status[data-kind="error"] { background: #fdecea; color: #8a1c1c; }
    .warning { margin: 0 0 8px; padding: 6px 8px; border-radius: 4px; background: #fff4d6; color: #5c4300; font-weight: 600; }
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

  /**
   * The overlay. `onCheck()` runs a check of the composer it is attached to.
   */
  function createOverlay({ onCheck }) {
    const host = el(document, HOST_TAG, {});
    for (const [property, value] of Object.entries(HOST_STYLE)) host.style.setProperty(property, value, 'important');
    const shadow = host.attachShadow({ mode: 'open' });
    styleRoot(shadow);
    const checkButton = el(document, 'button', {
      type: 'button', class: 'check', 'data-postlint': 'check', hidden: true,
      title: `Check this post with postlint (${SHORTCUT_LABEL})`, 'aria-label': 'Check this post with postlint',
    }, el(document, 'span', { class: 'dot' }), 'Check');
    const summaryLine = el(document, 'span', { class: 'summary', 'data-postlint': 'summary', 'aria-live': 'polite' });
    const closeButton = el(document, 'button', { type: 'button', class: 'close', 'data-postlint': 'close', 'aria-label': 'Close' }, '×');
    const status = el(document, 'p', { class: 'status', 'data-postlint': 'status', hidden: true, role: 'status' });
    const warning = el(document, 'p', { class: 'warning', 'data-postlint': 'post-warning', hidden: true, role: 'alert' });
    const list = el(document, 'ol', { class: 'findings', 'data-postlint': 'findings' });
    const panel = el(document, 'section', { class: 'panel', 'data-postlint': 'panel', hidden: true, 'aria-label': 'postlint findings' },
      el(document, 'div', { class: 'bar' }, el(document, 'span', { class: 'title' }, 'postlint'), summaryLine, closeButton),
      warning, status, list);
    shadow.append(checkButton, panel);

    let composer = null;
    let frame = 0;

    // Keep the composer's focus and selection when our controls are pressed.
    checkButton.addEventListener('mousedown', (event) => event.preventDefault());
    checkButton.addEventListener('click', () => onCheck());
    closeButton.addEventListener('click', hidePanel);

    function mount() {
      if (!host.isConnected) document.documentElement.append(host);
    }

    /** Put the Check button under the composer's right end and the panel under (or over) it. */
    function place() {
      frame = 0;
      if (!composer || !composer.isConnected) { detach(); return; }
      const rect = composer.getBoundingClientRect();
      const right = Math.min(rect.right, window.innerWidth - 8);
      const buttonBottom = placeCheckButton(rect, right);
      if (!panel.hidden) placePanel(rect, right, buttonBottom + GAP);
    }

    /** Place the button; returns its bottom edge. */
    function placeCheckButton(rect, right) {
      const width = checkButton.offsetWidth || 72;
      const height = checkButton.offsetHeight || 26;
      const fitsBelow = rect.bottom + GAP + height <= window.innerHeight;
      const top = fitsBelow ? rect.bottom + GAP : Math.max(8, rect.bottom - height - GAP);
      checkButton.style.left = `${Math.max(8, right - width)}px`;
      checkButton.style.top = `${top}px`;
      return top + height;
    }

    function placePanel(rect, right, top) {
      const width = Math.min(PANEL_WIDTH, window.innerWidth - 16);
      panel.style.left = `${Math.max(8, Math.min(right - width, window.innerWidth - width - 8))}px`;
      const roomBelow = window.innerHeight - top - 8;
      const below = roomBelow >= 200 || roomBelow >= rect.top;
      panel.style.top = below ? `${top}px` : 'auto';
      panel.style.bottom = below ? 'auto' : `${window.innerHeight - rect.top + GAP}px`;
      panel.style.maxHeight = `${Math.max(120, Math.min(below ? roomBelow : rect.top - 16, 520))}px`;
    }

    function schedulePlace() {
      if (!frame) frame = requestAnimationFrame(place);
    }

    const resizes = new ResizeObserver(schedulePlace);
    window.addEventListener('scroll', schedulePlace, { capture: true, passive: true });
    window.addEventListener('resize', schedulePlace, { passive: true });

    /** Show the Check button beside `target`. */
    function attachTo(target) {
      mount();
      if (composer !== target) {
        if (composer) resizes.unobserve(composer);
        composer = target;
        resizes.observe(composer);
        hidePanel();
        checkButton.dataset.state = '';
      }
      checkButton.hidden = false;
      place();
    }

    function detach() {
      if (composer) resizes.unobserve(composer);
      composer = null;
      checkButton.hidden = true;
      hidePanel();
    }

    function showPanel() {
      panel.hidden = false;
      place();
    }

    function hidePanel() {
      panel.hidden = true;
      warning.hidden = true;
    }

    function setStatus(text, kind = 'info') {
      status.hidden = !text;
      status.dataset.kind = kind;
      status.replaceChildren(...(text ? messageNodes(document, text) : []));
      if (text) showPanel();
    }

    function setWarning(text) {
      warning.hidden = !text;
      warning.textContent = text ?? '';
      if (text) showPanel();
    }

    /** Show findings: entries are {finding, onSelect, onApply, onIgnore}. */
    function showFindings(entries) {
      list.replaceChildren(...entries.map(({ finding, ...actions }) => findingItem(document, finding, actions)));
      const findings = entries.map((entry) => entry.finding);
      summaryLine.textContent = summary(findings);
      checkButton.dataset.state = findings.some((f) => f.severity === 'error') ? 'error'
        : findings.some((f) => f.severity === 'warning') ? 'warning' : 'clean';
      showPanel();
    }

    function clearFindings() {
      list.replaceChildren();
      summaryLine.textContent = '';
    }

    const owns = (node) => node === host || node?.getRootNode?.() === shadow;

    return {
      attachTo, detach, showPanel, hidePanel, setStatus, setWarning, showFindings, clearFindings, owns,
      get composer() { return composer; },
      get panelOpen() { return !panel.hidden; },
    };
  }

  const ns = (globalThis.postlint ??= {});
  ns.ui = { createOverlay, SHORTCUT_LABEL };
})();

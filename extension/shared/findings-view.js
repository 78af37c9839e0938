// How a finding looks, in the composer's panel and in the popup alike: severity, category,
// the flagged text, message, why (the policy point) and what to write instead, with optional
// fix and Ignore buttons; labels in the browser's language, the finding's own words in the
// language the server wrote them in (its `lang`). Built with DOM calls (no innerHTML), so page
// policies cannot interfere.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.view`.
(() => {
  'use strict';

  const { t } = globalThis.postlint.i18n;
  const CATEGORIES = Object.freeze([
    'personal-info', 'sensitive-info', 'unattributed-quote', 'defamation', 'official-statement',
    'confidential', 'undisclosed-endorsement', 'lookalike-account', 'pii-solicitation',
  ]);
  const SEVERITIES = Object.freeze(['error', 'warning', 'info']);
  const SEVERITY_ORDER = Object.freeze({ error: 0, warning: 1, info: 2 });
  /** "personal-info" -> "PersonalInfo", for the message keys categoryPersonalInfo, severityError… */
  const keyPart = (name) => name.replace(/(^|-)(\w)/g, (_, __, letter) => letter.toUpperCase());
  const QUOTE_LIMIT = 60;

  /** An element with attributes and children: el(doc, 'p', {class: 'x'}, 'text', child). */
  function el(doc, tag, attributes = {}, ...children) {
    const element = doc.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) continue;
      element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(typeof child === 'string' ? doc.createTextNode(child) : child);
    }
    return element;
  }

  function categoryLabel(category) {
    return CATEGORIES.includes(category) ? t(`category${keyPart(category)}`) : category;
  }

  function severityLabel(severity) {
    return SEVERITIES.includes(severity) ? t(`severity${keyPart(severity)}`) : severity;
  }

  function quoted(text) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > QUOTE_LIMIT ? `${flat.slice(0, QUOTE_LIMIT - 1)}…` : flat;
  }

  /**
   * A user message as nodes: the command in "Start it with: postlint serve --port 7679" becomes
   * a <code data-postlint="command"> the user can copy.
   */
  function messageNodes(doc, text) {
    const match = /[:：]\s*(postlint serve(?: --[\w-]+ [^\s,、。]+)*)/.exec(text);
    if (!match) return [text];
    const at = match.index + match[0].length - match[1].length;
    return [text.slice(0, at), el(doc, 'code', { 'data-postlint': 'command' }, match[1]), text.slice(at + match[1].length)];
  }

  /** The message of `key` for a count: keyOne for 1, keyOther (with the count) otherwise. */
  function counted(key, count, ...values) {
    return count === 1 ? t(`${key}One`, ...values) : t(`${key}Other`, count, ...values);
  }

  /** "2 problems: 1 error, 1 warning." or "No problems found." */
  function summary(findings) {
    if (findings.length === 0) return t('summaryNone');
    const counts = SEVERITIES
      .map((severity) => [severity, findings.filter((f) => f.severity === severity).length])
      .filter(([, count]) => count > 0)
      .map(([severity, count]) => counted(`count${keyPart(severity)}`, count))
      .join(t('listSeparator'));
    return findings.length === 1 ? t('summaryOne', counts) : t('summaryOther', findings.length, counts);
  }

  function bySeverityThenPosition(a, b) {
    return (SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]) || (a.start - b.start);
  }

  function fixTitle(finding, fix) {
    const to = t('quoted', quoted(fix.replacement));
    return fix.start === fix.end ? t('applyInsertTitle', to) : t('applyTitle', t('quoted', quoted(finding.text)), to);
  }

  /**
   * The list item of one finding. `actions` may hold onSelect(), onApply(index of the fix) and
   * onIgnore(); a finding without onSelect is display-only. `stale`: its text changed since the
   * check, so it offers no fix (`staleNote` says so).
   */
  function findingItem(doc, finding, actions = {}) {
    const stale = Boolean(actions.stale);
    const buttons = stale ? [] : [
      ...(actions.onApply ? finding.fixes ?? [] : []).map((fix) => el(doc, 'button',
        { type: 'button', 'data-postlint': 'apply', title: fixTitle(finding, fix) }, fix.label || t('applyDefault'))),
      actions.onIgnore ? el(doc, 'button', { type: 'button', 'data-postlint': 'ignore', title: t('ignoreTitle') }, t('ignoreLabel')) : null,
    ].filter(Boolean);
    const item = el(doc, 'li', {
      'data-postlint': 'finding', 'data-category': finding.category, 'data-rule': finding.rule,
      'data-severity': finding.severity, 'data-stale': stale ? 'true' : null,
      class: `finding sev-${finding.severity}${stale ? ' stale' : ''}`,
      tabindex: actions.onSelect && !stale ? '0' : null, title: actions.onSelect && !stale ? t('selectTitle') : null,
      'aria-label': t('findingLabel', severityLabel(finding.severity), categoryLabel(finding.category), finding.message),
    },
    el(doc, 'div', { class: 'head' },
      el(doc, 'span', { class: `badge sev-${finding.severity}` }, severityLabel(finding.severity)),
      el(doc, 'span', { class: 'category' }, categoryLabel(finding.category)),
      el(doc, 'q', { class: 'quote' }, quoted(finding.text))),
    stale ? el(doc, 'p', { class: 'stale-note', 'data-postlint': 'stale-note' }, actions.staleNote) : null,
    el(doc, 'div', { class: 'words', lang: finding.lang || null },
      el(doc, 'p', { class: 'message' }, finding.message),
      finding.why ? el(doc, 'p', { class: 'why' }, el(doc, 'strong', {}, t('whyLabel')), finding.why) : null,
      finding.suggestion ? el(doc, 'p', { class: 'instead' }, el(doc, 'strong', {}, t('insteadLabel')), finding.suggestion) : null),
    buttons.length ? el(doc, 'div', { class: 'actions' }, buttons) : null);

    if (actions.onSelect && !stale) {
      item.addEventListener('click', (event) => {
        if (!event.target.closest('button')) actions.onSelect();
      });
      item.addEventListener('keydown', (event) => {
        if ((event.key === 'Enter' || event.key === ' ') && event.target === item) {
          event.preventDefault();
          actions.onSelect();
        }
      });
    }
    buttons.forEach((button, index) => button.addEventListener('click', () => {
      if (button.dataset.postlint === 'ignore') actions.onIgnore();
      else actions.onApply(index);
    }));
    return item;
  }

  /** The styles of findings lists, shared by the composer panel and the popup. */
  const FINDINGS_CSS = `
    .findings { list-style: none; margin: 0; padding: 0; }
    .finding { border-left: 4px solid #9aa4b2; padding: 8px 10px; margin: 0 0 8px; background: #f8fafc; border-radius: 4px; }
    .finding[tabindex] { cursor: pointer; }
    .finding[tabindex]:hover, .finding[tabindex]:focus-visible, .finding.active { background: #eef2f7; outline: none; }
    .finding[tabindex]:focus-visible, .finding.active { box-shadow: 0 0 0 2px #1f5fbf; }
    .finding.sev-error { border-left-color: #c62828; }
    .finding.sev-warning { border-left-color: #e09b00; }
    .finding.sev-info { border-left-color: #1e6fd9; }
    .finding.stale { opacity: .65; border-left-style: dashed; }
    .stale-note { margin: 4px 0 0; font-size: 12px; font-style: italic; color: #445; }
    .head { display: flex; flex-wrap: wrap; gap: 6px; align-items: baseline; }
    .badge { font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; padding: 1px 6px; border-radius: 3px; color: #fff; background: #607080; }
    .badge.sev-error { background: #c62828; } .badge.sev-warning { background: #a86f00; } .badge.sev-info { background: #1e6fd9; }
    .category { font-weight: 600; }
    .quote { color: #334; font-style: italic; word-break: break-word; }
    .message { margin: 4px 0 0; font-weight: 500; }
    .why, .instead { margin: 4px 0 0; color: #334; }
    .actions { margin-top: 6px; display: flex; flex-wrap: wrap; gap: 6px; }
    .actions button { font: inherit; font-size: 12px; padding: 3px 10px; border-radius: 4px; border: 1px solid #8a96a8; background: #fff; color: #112; cursor: pointer; }
    .actions button[data-postlint="apply"] { background: #1f5fbf; border-color: #1f5fbf; color: #fff; }
  `;

  const ns = (globalThis.postlint ??= {});
  ns.view = { el, messageNodes, categoryLabel, severityLabel, counted, summary, findingItem, bySeverityThenPosition, FINDINGS_CSS, CATEGORIES };
})();

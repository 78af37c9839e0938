// The content script: finds the composer the user writes in, checks it on request (Check control
// or Alt+Shift+L) through the service worker, underlines the findings in place and lists them in
// the panel, follows the draft as the user edits it (a finding whose text changes is marked
// stale; a clicked fix, and the undo of one, check the draft again), selects a finding's text,
// applies a safe fix on a click, and (opt-in per site) warns once before posting with unresolved
// errors, whether the post is sent with the site's Post button or with Ctrl/Cmd+Enter. After a
// post the panel closes. It never changes the draft without a click and never loses what was typed.
(() => {
  'use strict';

  const postlint = globalThis.postlint;
  if (postlint.contentStarted) return;
  postlint.contentStarted = true;

  const { browser, settings: Settings, protocol, offsets, composer: Composer, sites, ui, spans, view } = postlint;
  const { t } = postlint.i18n;
  const BUSY_AFTER_MS = 150;
  const ANSWER_TIMEOUT_MS = 7000;
  const POSTED_WATCH_MS = 3000;
  const host = location.hostname;
  const site = sites.siteForHost(host);

  let settings = Settings.normalize(null);
  /** The composer last focused: the one a Post button press is about. */
  let lastComposer = null;
  let checkSerial = 0;
  let nextId = 1;
  /**
   * Per composer: the check as the user left it: {checkedText (what the server checked), text
   * (the draft now), entries, fixApplied, warnPress}. Each entry is {id, finding, range, expected,
   * fixes, status: open | ignored | fixed | stale}; ranges follow the user's edits.
   */
  const sessions = new WeakMap();
  /** Per composer: the text whose posting was already stopped once (the next press goes through). */
  const warnedFor = new WeakMap();
  const overlay = ui.createOverlay({
    onCheck: () => checkComposer(overlay.composer),
    isPostButton: (element) => Boolean(isPostButton(element)),
    onUnderline: (id) => overlay.showCard(id),
  });

  const enabled = () => Settings.isEnabledOn(settings, host);

  function onFocusIn(event) {
    if (!enabled()) return;
    const target = event.composedPath()[0];
    if (overlay.owns(target)) return;
    const composer = Composer.composerOf(target);
    if (composer) {
      lastComposer = composer;
      overlay.attachTo(composer);
      const session = sessions.get(composer);
      if (session) {
        follow(composer, session);
        render(composer, session, { show: false });
      }
    } else if (!overlay.panelOpen) {
      overlay.detach();
    }
  }

  function onKeyDown(event) {
    if (!enabled()) return;
    const target = event.composedPath()[0];
    if (event.key === 'Escape' && overlay.panelOpen
        && (overlay.owns(event.target) || Composer.composerOf(target) === overlay.composer)) {
      event.preventDefault();
      event.stopPropagation();
      overlay.hidePanel({ refocus: overlay.owns(event.target) });
      return;
    }
    const composer = Composer.composerOf(target);
    if (!composer) return;
    if (event.key === 'Tab' && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey
        && composer === overlay.composer && overlay.controlShown) {
      // The Check control comes right after its composer in the Tab order.
      event.preventDefault();
      overlay.focusControl();
      return;
    }
    if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.code !== 'KeyL') return;
    event.preventDefault();
    event.stopPropagation();
    lastComposer = composer;
    overlay.attachTo(composer);
    checkComposer(composer);
  }

  /** A click outside the panel, the control and the composer closes the panel. */
  function onPointerDown(event) {
    if (!overlay.panelOpen || overlay.owns(event.target)) return;
    const target = event.composedPath()[0];
    if (overlay.composer && target instanceof Node && overlay.composer.contains(target)) return;
    overlay.hidePanel();
  }

  /** Ask the service worker to check `text`; rejects with a PostlintError the user can read. */
  function requestCheck(text) {
    return browser.send(protocol.MESSAGE.CHECK, { text, format: 'plain' }, { timeoutMs: ANSWER_TIMEOUT_MS });
  }

  /**
   * Check the composer's draft. `show`: open the panel with the result (a check the user asked
   * for); a check after an undo only refreshes what is shown.
   */
  async function checkComposer(composer, { show = true } = {}) {
    if (!composer) return null;
    const text = Composer.readText(composer);
    const previous = sessions.get(composer);
    if (!text.trim()) {
      overlay.setWarning('');
      overlay.clearFindings();
      overlay.setStatus(t('statusNothing'));
      return null;
    }
    const serial = ++checkSerial;
    const busy = setTimeout(() => serial === checkSerial && show && overlay.setStatus(t('statusChecking'), 'busy'), BUSY_AFTER_MS);
    try {
      const result = await requestCheck(text);
      if (serial !== checkSerial) return null;
      const session = newSession(text, result.findings);
      session.fixApplied = Boolean(previous?.fixApplied);
      session.warnPress = previous?.warnPress ?? null;
      keepIgnored(previous, session);
      sessions.set(composer, session);
      follow(composer, session);
      if (overlay.composer === composer) {
        overlay.setStatus('');
        render(composer, session, { show: show || overlay.panelOpen });
      }
      return session;
    } catch (error) {
      if (serial === checkSerial && show) {
        overlay.clearFindings();
        overlay.setStatus(error.message, 'error');
      }
      return null;
    } finally {
      clearTimeout(busy);
    }
  }

  function newSession(text, findings) {
    const leading = text.length - text.trimStart().length;
    const trailing = text.trimEnd().length;
    const entries = findings.map((finding) => {
      const range = offsets.utf16Range(text, finding);
      return {
        id: nextId++, finding, range, expected: text.slice(range.start, range.end), status: 'open',
        fixes: (finding.fixes ?? []).map((fix) => {
          const at = offsets.utf16Range(text, fix);
          const insertion = at.start === at.end;
          return { ...fix, range: at, expected: text.slice(at.start, at.end),
            atEnd: insertion && at.start >= trailing, atStart: insertion && at.start <= leading };
        }),
      };
    });
    return { checkedText: text, text, entries, fixApplied: false, warnPress: null };
  }

  /** A finding the user ignored stays ignored when the draft is checked again (same rule, same text). */
  function keepIgnored(previous, session) {
    const key = (entry) => `${entry.finding.rule}\u0000${entry.expected}`;
    const ignored = new Set((previous?.entries ?? []).filter((entry) => entry.status === 'ignored').map(key));
    for (const entry of session.entries) if (ignored.has(key(entry))) entry.status = 'ignored';
  }

  const open = (session) => session.entries.filter((entry) => entry.status === 'open');

  /** Keep the findings on their text after the user's edits; one whose text changed goes stale. */
  function follow(composer, session) {
    const now = Composer.readText(composer);
    const edit = spans.editBetween(session.text, now);
    if (!edit) return false;
    for (const entry of session.entries) {
      if (entry.status === 'stale' || entry.status === 'fixed') continue;
      const moved = spans.followEdit(entry.range, edit);
      if (!moved) {
        entry.status = entry.status === 'ignored' ? 'fixed' : 'stale';
        continue;
      }
      entry.range = moved;
      entry.fixes = entry.fixes
        .map((fix) => ({ ...fix, range: fix.atEnd || fix.atStart ? fix.range : spans.followEdit(fix.range, edit) }))
        .filter((fix) => fix.range);
    }
    session.text = now;
    return true;
  }

  function render(composer, session, { show = true } = {}) {
    if (overlay.composer !== composer) return;
    const shown = session.entries
      .filter((entry) => entry.status === 'open' || entry.status === 'stale')
      .sort((a, b) => (a.status === 'stale') - (b.status === 'stale') || view.bySeverityThenPosition(a.finding, b.finding));
    overlay.showFindings(shown.map((entry) => ({
      id: entry.id,
      finding: entry.finding,
      range: entry.range,
      stale: entry.status === 'stale',
      onSelect: () => selectEntry(composer, entry),
      onApply: entry.fixes.length ? (index) => applyFix(composer, session, entry, entry.fixes[index]) : null,
      onIgnore: () => { entry.status = 'ignored'; render(composer, session); },
    })), { show });
    const stale = session.entries.filter((entry) => entry.status === 'stale').length;
    if (stale) {
      overlay.setStatus(view.counted('stale', stale), 'info',
        { label: t('checkAgain'), onClick: () => checkComposer(composer) }, { show: false });
    } else {
      overlay.setStatus('', 'info', null, { show: false });
    }
    if (session.warnPress) showPostWarning(session);
  }

  /** The warning before posting, as the draft is now: unresolved errors, or none left. */
  function showPostWarning(session) {
    const count = unresolvedErrors(session).length;
    const press = session.warnPress;
    overlay.setWarning(count === 0 ? t('warnResolved', press)
      : count === 1 ? t('warnUnresolvedOne', press) : t('warnUnresolvedOther', count, press));
  }

  function onInput(event) {
    const composer = Composer.composerOf(event.composedPath()[0]);
    const session = composer && sessions.get(composer);
    if (!session || !follow(composer, session)) return;
    if (!session.text.trim()) {
      forget(composer);
      return;
    }
    render(composer, session, { show: false });
    if (session.fixApplied && (event.inputType === 'historyUndo' || event.inputType === 'historyRedo')) {
      checkComposer(composer, { show: false });
    }
  }

  /** The draft is gone (posted, or emptied): close the panel and forget its check. */
  function forget(composer) {
    sessions.delete(composer);
    warnedFor.delete(composer);
    if (overlay.composer === composer) {
      overlay.hidePanel();
      overlay.clearFindings();
      overlay.setStatus('', 'info', null, { show: false });
    }
  }

  /** The entry's text in the composer now, or null (with a message) when it changed. */
  function selectEntry(composer, entry) {
    const now = Composer.readText(composer);
    const range = offsets.relocate(now, entry.range, entry.expected);
    if (!range) {
      overlay.setStatus(t('statusChangedSelect'));
      return;
    }
    Composer.select(composer, range.start, range.end);
  }

  /**
   * Where a fix goes in the composer's text now: an insertion at the end (a disclosure) or the
   * start of the post goes to the end or start of what is there now; another insertion or a
   * replacement where its range followed the edits, if its text is still there. Null when it
   * cannot be placed safely.
   */
  function fixRange(now, fix) {
    if (fix.atEnd) {
      const at = now.trimEnd().length;
      return { start: at, end: at };
    }
    if (fix.atStart) {
      const at = now.length - now.trimStart().length;
      return { start: at, end: at };
    }
    if (fix.range.start === fix.range.end) return fix.range;
    return offsets.relocate(now, fix.range, fix.expected);
  }

  /** Equal as the user reads them: editors may turn a typed space into a no-break space. */
  const sameText = (a, b) => a.replaceAll('\u00a0', ' ') === b.replaceAll('\u00a0', ' ');

  function applyFix(composer, session, entry, fix) {
    follow(composer, session);
    const before = Composer.readText(composer);
    const range = fixRange(before, fix);
    if (!range) {
      overlay.setStatus(t('statusChangedFix'));
      return;
    }
    entry.status = 'fixed';
    session.fixApplied = true;
    const after = Composer.replace(composer, range.start, range.end, fix.replacement);
    const expected = before.slice(0, range.start) + fix.replacement + before.slice(range.end);
    follow(composer, session);
    render(composer, session);
    if (!sameText(after, expected)) overlay.setStatus(t('statusEditorChanged'));
    checkComposer(composer);
  }

  // --- posting: the optional warning before it, and closing the panel after it -----------------

  function buttonLabel(button) {
    return (button.getAttribute('aria-label') || button.value || button.textContent || '').trim();
  }

  function isPostButton(element) {
    const button = element.closest('button, [role="button"], input[type="submit"]');
    if (!button || overlay.owns(button)) return null;
    if (site?.postButton && button.matches(site.postButton)) return button;
    return sites.POST_BUTTON_WORDS.includes(buttonLabel(button).toLowerCase()) ? button : null;
  }

  function unresolvedErrors(session) {
    return open(session).filter((entry) => entry.finding.severity === 'error');
  }

  function warnBeforePosting(session, press) {
    session.warnPress = press;
    showPostWarning(session);
  }

  /**
   * A trusted press that posts `composer` (its site's Post button or Ctrl/Cmd+Enter), when the
   * user asked for the warning on this site: the first press of a text with unresolved errors is
   * stopped and explained, the next one goes through. An unchecked text is checked first and,
   * when clean and unchanged, posted again with `repost()`. `press` names the press for the user.
   * True when the press was stopped.
   */
  function guardPost(event, composer, press, repost) {
    const text = Composer.readText(composer);
    if (!text.trim() || warnedFor.get(composer) === text) return false;
    const session = sessions.get(composer);
    const fresh = session && session.checkedText === text;
    if (fresh && unresolvedErrors(session).length === 0) return false;
    event.preventDefault();
    event.stopImmediatePropagation();
    warnedFor.set(composer, text);
    lastComposer = composer;
    overlay.attachTo(composer);
    if (fresh) {
      render(composer, session);
      warnBeforePosting(session, press);
    } else {
      checkBeforePosting(composer, text, press, repost);
    }
    return true;
  }

  async function checkBeforePosting(composer, text, press, repost) {
    const checked = await checkComposer(composer);
    if (!checked) {
      overlay.setWarning(t('warnCouldNotCheck', press));
    } else if (unresolvedErrors(checked).length > 0) {
      warnBeforePosting(checked, press);
    } else if (Composer.readText(composer) === text) {
      watchForPosted(composer);
      repost();
    } else {
      overlay.setWarning(t('warnChangedWhileChecking', press));
    }
  }

  /** After a press that posts: when the site empties or removes the composer, close the panel. */
  function watchForPosted(composer) {
    const until = performance.now() + POSTED_WATCH_MS;
    const timer = setInterval(() => {
      if (!composer.isConnected || !Composer.readText(composer).trim()) {
        clearInterval(timer);
        forget(composer);
      } else if (performance.now() > until) {
        clearInterval(timer);
      }
    }, 100);
  }

  const warnsHere = () => enabled() && Settings.warnsOnPost(settings, host);

  function onClickCapture(event) {
    if (!event.isTrusted || !enabled()) return;
    const button = event.target instanceof Element ? isPostButton(event.target) : null;
    const composer = lastComposer;
    if (!button || !composer || !composer.isConnected) return;
    const press = t('quoted', buttonLabel(button) || t('postButtonDefault'));
    if (warnsHere() && guardPost(event, composer, press, () => button.click())) return;
    watchForPosted(composer);
  }

  /** Ctrl+Enter (Cmd+Enter on a Mac): how X, LinkedIn, Mastodon and Bluesky post from the keyboard. */
  const isPostShortcut = (event) => event.key === 'Enter' && (event.ctrlKey || event.metaKey)
    && !event.altKey && !event.shiftKey && !event.isComposing;

  function onPostShortcutCapture(event) {
    if (!event.isTrusted || !isPostShortcut(event) || !enabled()) return;
    const target = event.composedPath()[0];
    const composer = Composer.composerOf(target);
    if (!composer) return;
    const shortcut = event.metaKey ? '⌘+Enter' : 'Ctrl+Enter';
    if (warnsHere() && guardPost(event, composer, shortcut, () => repeatKey(target.isConnected ? target : composer, event))) return;
    watchForPosted(composer);
  }

  /**
   * The same key press again, for the site's own handler (ours ignores untrusted events); with the
   * legacy keyCode too, which some sites (Mastodon) test.
   */
  function repeatKey(target, event) {
    const { key, code, keyCode, which, location, ctrlKey, metaKey, altKey, shiftKey, repeat } = event;
    target.dispatchEvent(new KeyboardEvent('keydown', {
      key, code, keyCode, which, location, ctrlKey, metaKey, altKey, shiftKey, repeat,
      bubbles: true, cancelable: true, composed: true,
    }));
  }

  // --- settings and start ---------------------------------------------------------------------

  function applySettings(next) {
    settings = next;
    if (!enabled()) overlay.detach();
  }

  document.addEventListener('focusin', onFocusIn, true);
  document.addEventListener('keydown', onKeyDown, true);
  document.addEventListener('input', onInput, true);
  document.addEventListener('pointerdown', onPointerDown, true);
  window.addEventListener('click', onClickCapture, true);
  window.addEventListener('keydown', onPostShortcutCapture, true);
  Settings.onChange(applySettings);
  Settings.load().then((loaded) => {
    applySettings(loaded);
    const focused = document.activeElement && Composer.composerOf(document.activeElement);
    if (focused && enabled()) {
      lastComposer = focused;
      overlay.attachTo(focused);
    }
  }, () => { /* storage is gone only when the extension was unloaded: this page's copy stays idle */ });
})();

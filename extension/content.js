// The content script: finds the composer the user writes in, checks it on request (Check button
// or Alt+Shift+L) through the service worker, shows the findings, selects a finding's text, applies
// a safe fix on a click, and (opt-in per site) warns once before posting with unresolved errors,
// whether the post is sent with the site's Post button or with Ctrl/Cmd+Enter.
// It never changes the draft without a click and never loses what was typed.
(() => {
  'use strict';

  const postlint = globalThis.postlint;
  if (postlint.contentStarted) return;
  postlint.contentStarted = true;

  const { browser, settings: Settings, protocol, offsets, composer: Composer, sites, ui } = postlint;
  const BUSY_AFTER_MS = 150;
  const ANSWER_TIMEOUT_MS = 7000;
  const host = location.hostname;
  const site = sites.siteForHost(host);

  let settings = Settings.normalize(null);
  /** The composer last focused: the one a Post button press is about. */
  let lastComposer = null;
  let checkSerial = 0;
  /** Per composer: the text last checked and its findings, as the user left them. */
  const sessions = new WeakMap();
  /** Per composer: the text whose posting was already stopped once (the next press goes through). */
  const warnedFor = new WeakMap();
  const overlay = ui.createOverlay({ onCheck: () => checkComposer(overlay.composer) });

  const enabled = () => Settings.isEnabledOn(settings, host);

  function onFocusIn(event) {
    if (!enabled()) return;
    const target = event.composedPath()[0];
    if (overlay.owns(target)) return;
    const composer = Composer.composerOf(target);
    if (composer) {
      lastComposer = composer;
      overlay.attachTo(composer);
    } else if (!overlay.panelOpen) {
      overlay.detach();
    }
  }

  function onKeyDown(event) {
    if (!enabled() || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || event.code !== 'KeyL') return;
    const composer = Composer.composerOf(event.composedPath()[0]);
    if (!composer) return;
    event.preventDefault();
    event.stopPropagation();
    lastComposer = composer;
    overlay.attachTo(composer);
    checkComposer(composer);
  }

  /** Ask the service worker to check `text`; rejects with a PostlintError the user can read. */
  function requestCheck(text) {
    return browser.send(protocol.MESSAGE.CHECK, { text, format: 'plain' }, { timeoutMs: ANSWER_TIMEOUT_MS });
  }

  async function checkComposer(composer) {
    if (!composer) return null;
    const text = Composer.readText(composer);
    overlay.setWarning('');
    if (!text.trim()) {
      overlay.clearFindings();
      overlay.setStatus('Nothing to check yet: write your post first.');
      return null;
    }
    const serial = ++checkSerial;
    const busy = setTimeout(() => serial === checkSerial && overlay.setStatus('Checking…', 'busy'), BUSY_AFTER_MS);
    try {
      const result = await requestCheck(text);
      if (serial !== checkSerial) return null;
      const session = newSession(text, result.findings);
      sessions.set(composer, session);
      if (overlay.composer === composer) {
        overlay.setStatus('');
        render(composer, session);
      }
      return session;
    } catch (error) {
      if (serial === checkSerial) {
        overlay.clearFindings();
        overlay.setStatus(error.message, 'error');
      }
      return null;
    } finally {
      clearTimeout(busy);
    }
  }

  function newSession(text, findings) {
    const entries = findings.map((finding) => ({
      finding,
      range: offsets.utf16Range(text, finding),
      fixes: (finding.fixes ?? []).map((fix) => ({ ...fix, range: offsets.utf16Range(text, fix) })),
      ignored: false,
      fixed: false,
    }));
    return { text, entries };
  }

  const open = (session) => session.entries.filter((entry) => !entry.ignored && !entry.fixed);

  function render(composer, session) {
    const visible = open(session).sort((a, b) => postlint.view.bySeverityThenPosition(a.finding, b.finding));
    overlay.showFindings(visible.map((entry) => ({
      finding: entry.finding,
      onSelect: () => selectEntry(composer, session, entry),
      onApply: entry.fixes.length ? (index) => applyFix(composer, session, entry, entry.fixes[index]) : null,
      onIgnore: () => { entry.ignored = true; render(composer, session); },
    })));
  }

  /** Where `range` (checked against session.text) is in the composer now, or null when that text is gone. */
  function currentRange(composer, session, range) {
    const now = Composer.readText(composer);
    return offsets.relocate(now, range, session.text.slice(range.start, range.end));
  }

  function selectEntry(composer, session, entry) {
    const range = currentRange(composer, session, entry.range);
    if (!range) {
      overlay.setStatus('This text has changed since the check. Press Check again.');
      return;
    }
    Composer.select(composer, range.start, range.end);
  }

  /**
   * Where a fix goes in the composer's text now: an insertion at the end of the post (a
   * disclosure) goes to the end of what is there now; another insertion only into unchanged text;
   * a replacement where its text is found again. Null when it cannot be placed safely.
   */
  function fixRange(now, session, fix) {
    const { start, end } = fix.range;
    if (start === end && start >= session.text.trimEnd().length) {
      const at = now.trimEnd().length;
      return { start: at, end: at };
    }
    if (start === end) return now === session.text ? fix.range : null;
    return offsets.relocate(now, fix.range, session.text.slice(start, end));
  }

  /** Equal as the user reads them: editors may turn a typed space into a no-break space. */
  const sameText = (a, b) => a.replaceAll('\u00a0', ' ') === b.replaceAll('\u00a0', ' ');

  function applyFix(composer, session, entry, fix) {
    const before = Composer.readText(composer);
    const range = fixRange(before, session, fix);
    if (!range) {
      overlay.setStatus('This text has changed since the check, so the fix was not applied. Press Check again.');
      return;
    }
    const after = Composer.replace(composer, range.start, range.end, fix.replacement);
    const expected = before.slice(0, range.start) + fix.replacement + before.slice(range.end);
    if (!sameText(after, expected)) {
      overlay.setStatus('The editor changed the text in its own way: press Check again to see what is left.');
    }
    entry.fixed = true;
    shiftAfterEdit(session, range, fix.replacement.length, sameText(after, expected) ? after : expected);
    render(composer, session);
  }

  /** Keep the other findings on their text after an edit of `range` to `length` units. */
  function shiftAfterEdit(session, range, length, text) {
    const delta = length - (range.end - range.start);
    const shift = (r) => (r.start >= range.end ? { start: r.start + delta, end: r.end + delta } : r);
    for (const entry of session.entries) {
      if (entry.fixed) continue;
      const overlaps = entry.range.start < range.end && range.start < entry.range.end;
      if (overlaps) { entry.fixed = true; continue; }
      entry.range = shift(entry.range);
      entry.fixes = entry.fixes.map((fix) => ({ ...fix, range: shift(fix.range) }));
    }
    session.text = text;
  }

  // --- the optional warning before posting ---------------------------------------------------

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
    const count = unresolvedErrors(session).length;
    overlay.setWarning(`${count} unresolved ${count === 1 ? 'error' : 'errors'} in this post. Fix or ignore ${count === 1 ? 'it' : 'them'}, or press ${press} again to post anyway.`);
  }

  /**
   * A trusted press that posts `composer` (its site's Post button or Ctrl/Cmd+Enter), when the
   * user asked for the warning on this site: the first press of a text with unresolved errors is
   * stopped and explained, the next one goes through. An unchecked text is checked first and,
   * when clean and unchanged, posted again with `repost()`. `press` names the press for the user.
   */
  function guardPost(event, composer, press, repost) {
    const text = Composer.readText(composer);
    if (!text.trim() || warnedFor.get(composer) === text) return;
    const session = sessions.get(composer);
    const fresh = session && session.text === text;
    if (fresh && unresolvedErrors(session).length === 0) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    warnedFor.set(composer, text);
    lastComposer = composer;
    overlay.attachTo(composer);
    if (fresh) warnBeforePosting(session, press);
    else checkBeforePosting(composer, text, press, repost);
  }

  async function checkBeforePosting(composer, text, press, repost) {
    const checked = await checkComposer(composer);
    if (!checked) {
      overlay.setWarning(`postlint could not check this post. Press ${press} again to post anyway.`);
    } else if (unresolvedErrors(checked).length > 0) {
      warnBeforePosting(checked, press);
    } else if (Composer.readText(composer) === text) {
      repost();
    } else {
      overlay.setWarning(`Your post changed while it was being checked. Press ${press} again to post it.`);
    }
  }

  const warnsHere = () => enabled() && Settings.warnsOnPost(settings, host);

  function onClickCapture(event) {
    if (!event.isTrusted || !warnsHere()) return;
    const button = event.target instanceof Element ? isPostButton(event.target) : null;
    const composer = lastComposer;
    if (!button || !composer || !composer.isConnected) return;
    guardPost(event, composer, `“${buttonLabel(button) || 'Post'}”`, () => button.click());
  }

  /** Ctrl+Enter (Cmd+Enter on a Mac): how X, LinkedIn, Mastodon and Bluesky post from the keyboard. */
  const isPostShortcut = (event) => event.key === 'Enter' && (event.ctrlKey || event.metaKey)
    && !event.altKey && !event.shiftKey && !event.isComposing;

  function onPostShortcutCapture(event) {
    if (!event.isTrusted || !isPostShortcut(event) || !warnsHere()) return;
    const target = event.composedPath()[0];
    const composer = Composer.composerOf(target);
    if (!composer) return;
    const shortcut = event.metaKey ? '⌘+Enter' : 'Ctrl+Enter';
    guardPost(event, composer, shortcut, () => repeatKey(target.isConnected ? target : composer, event));
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

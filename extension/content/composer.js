// The composer a person writes in: a <textarea> or a contenteditable editor (also the nested
// rich-text editors of X, LinkedIn, Facebook…). Reads its text, selects a range of it and
// replaces a range through the editor's own editing path (so its undo and its model follow).
// Offsets are UTF-16 units of the text read here.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.composer`.
(() => {
  'use strict';

  const { buildTextMap, pointAt } = globalThis.postlint.offsets;
  const COLLAPSING_WHITE_SPACE = new Set(['normal', 'nowrap']);

  function isTextarea(element) {
    return element instanceof HTMLTextAreaElement;
  }

  /** The composer an event target belongs to, or null: a writable textarea, or the outermost contenteditable. */
  function composerOf(target) {
    if (!(target instanceof Element)) return null;
    if (isTextarea(target)) return target.readOnly || target.disabled ? null : target;
    if (!target.isContentEditable) return null;
    let root = target;
    while (root.parentElement && root.parentElement.isContentEditable) root = root.parentElement;
    return root;
  }

  /** Whitespace that only formats the HTML source and does not show (white-space: normal). */
  function isFormattingWhitespace(node) {
    if (node.nodeType !== Node.TEXT_NODE || !/^\s*\n\s*$/.test(node.data)) return false;
    const parent = node.parentElement;
    return !parent || COLLAPSING_WHITE_SPACE.has(getComputedStyle(parent).whiteSpace);
  }

  function textMap(composer) {
    return buildTextMap(composer, isFormattingWhitespace);
  }

  /** The composer's text as the user wrote it (lines of a rich editor joined with "\n"). */
  function readText(composer) {
    return isTextarea(composer) ? composer.value : textMap(composer).text;
  }

  function focus(composer) {
    if (composer.ownerDocument.activeElement !== composer && !composer.contains(composer.ownerDocument.activeElement)) {
      composer.focus({ preventScroll: true });
    }
  }

  function domRange(composer, start, end) {
    const map = textMap(composer);
    const from = pointAt(map, start, 'start');
    const to = pointAt(map, end, start === end ? 'start' : 'end');
    const range = composer.ownerDocument.createRange();
    if (!from || !to) {
      range.selectNodeContents(composer);
      range.collapse(false);
      return range;
    }
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  /** Select start..end (UTF-16) of the composer's text and bring it into view. */
  function select(composer, start, end) {
    focus(composer);
    if (isTextarea(composer)) {
      composer.setSelectionRange(start, end);
      return;
    }
    const range = domRange(composer, start, end);
    const selection = composer.ownerDocument.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    const anchor = range.startContainer.nodeType === Node.TEXT_NODE ? range.startContainer.parentElement : range.startContainer;
    anchor?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  }

  /**
   * Replace start..end with `replacement` the way typing would (execCommand insertText, so the
   * editor's undo history and model see it); falls back to a direct edit plus an input event.
   * Resolves the composer's text afterwards.
   */
  function replace(composer, start, end, replacement) {
    select(composer, start, end);
    const doc = composer.ownerDocument;
    const command = replacement === '' ? ['delete', false] : ['insertText', false, replacement];
    const done = start === end && replacement === '' ? true : doc.execCommand(...command);
    if (!done) replaceDirectly(composer, start, end, replacement);
    return readText(composer);
  }

  function replaceDirectly(composer, start, end, replacement) {
    if (isTextarea(composer)) {
      composer.setRangeText(replacement, start, end, 'end');
    } else {
      const range = domRange(composer, start, end);
      range.deleteContents();
      if (replacement) range.insertNode(composer.ownerDocument.createTextNode(replacement));
    }
    composer.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: replacement }));
  }

  const ns = (globalThis.postlint ??= {});
  ns.composer = { composerOf, readText, select, replace, isTextarea };
})();

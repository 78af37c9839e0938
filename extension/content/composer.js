// The composer a person writes in: a <textarea> or a contenteditable editor (also the nested
// rich-text editors of X, LinkedIn, Facebook…). Reads its text, selects a range of it and
// replaces a range through the editor's own editing path (so its undo and its model follow);
// tells where its text and the page's own controls around it (toolbar, Post button) are.
// Offsets are UTF-16 units of the text read here.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.composer`.
(() => {
  'use strict';

  const { buildTextMap, rangePoints } = globalThis.postlint.offsets;
  const COLLAPSING_WHITE_SPACE = new Set(['normal', 'nowrap']);
  const PAGE_CONTROLS = 'button, [role="button"], a[href], input, select, textarea, [role="checkbox"], [role="menuitem"], [role="tab"], [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
  const GROUP_LEVELS = 6;

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
    const points = rangePoints(textMap(composer), start, end);
    const range = composer.ownerDocument.createRange();
    if (!points) {
      range.selectNodeContents(composer);
      range.collapse(false);
      return range;
    }
    range.setStart(points.from.node, points.from.offset);
    range.setEnd(points.to.node, points.to.offset);
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

  /** The DOM range of start..end (UTF-16) of a contenteditable composer's text. */
  function rangeOf(composer, start, end) {
    return domRange(composer, start, end);
  }

  const visible = (rect) => rect.width > 0 && rect.height > 0;

  /**
   * Where the composer's text is: the boxes of its lines (contenteditable), or the textarea's
   * whole content box (its lines are not in the DOM).
   */
  function textRects(composer) {
    if (isTextarea(composer)) {
      const rect = composer.getBoundingClientRect();
      const style = getComputedStyle(composer);
      const px = (name) => parseFloat(style[name]) || 0;
      return [{
        left: rect.left + px('borderLeftWidth') + px('paddingLeft'), top: rect.top + px('borderTopWidth') + px('paddingTop'),
        right: rect.right - px('borderRightWidth') - px('paddingRight'), bottom: rect.bottom - px('borderBottomWidth') - px('paddingBottom'),
      }];
    }
    const range = composer.ownerDocument.createRange();
    range.selectNodeContents(composer);
    return [...range.getClientRects()].filter(visible);
  }

  /**
   * The page's own controls around the composer (its toolbar, its Post button, a dialog's close
   * button): the interactive elements in the nearest ancestor that holds a Post button
   * (`isPostButton(element)`), else in its grandparent.
   */
  function pageControlsNear(composer, isPostButton) {
    let group = composer.parentElement?.parentElement ?? composer.parentElement;
    for (let node = composer.parentElement, level = 0; node && level < GROUP_LEVELS; node = node.parentElement, level += 1) {
      if ([...node.querySelectorAll(PAGE_CONTROLS)].some((element) => isPostButton(element))) {
        group = node;
        break;
      }
    }
    if (!group) return [];
    return [...group.querySelectorAll(PAGE_CONTROLS)]
      .filter((element) => !element.contains(composer) && !composer.contains(element) && !element.closest('postlint-overlay'))
      .map((element) => element.getBoundingClientRect())
      .filter(visible);
  }

  /**
   * Whether a box of the viewport is free of the page's controls (links, buttons, fields) other
   * than the composer: looked up at its corners and centre, under the extension's own elements.
   */
  function freeOfPageControls(composer, box, ours) {
    const inset = 2;
    const points = [[box.left + inset, box.top + inset], [box.right - inset, box.top + inset], [box.left + inset, box.bottom - inset],
      [box.right - inset, box.bottom - inset], [(box.left + box.right) / 2, (box.top + box.bottom) / 2]];
    return points.every(([x, y]) => {
      const below = composer.ownerDocument.elementsFromPoint(x, y).find((element) => !ours(element));
      const control = below?.closest(PAGE_CONTROLS);
      return !control || control === composer || control.contains(composer);
    });
  }

  const ns = (globalThis.postlint ??= {});
  ns.composer = { composerOf, readText, select, replace, isTextarea, rangeOf, textRects, pageControlsNear, freeOfPageControls };
})();

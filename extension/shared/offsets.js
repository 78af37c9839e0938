// Offsets: code points (what the server counts) <-> UTF-16 units (what the DOM counts), and the
// map from a composer's text to the DOM nodes that hold it, so a finding selects exactly its range.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.offsets`
// and has no import/export, so pages, workers and Node can load it alike.
(() => {
  'use strict';

  /** UTF-16 offset of a code-point offset into `text` (clamped to the text). */
  function codePointToUtf16(text, codePoint) {
    let units = 0;
    let seen = 0;
    for (const char of text) {
      if (seen >= codePoint) break;
      units += char.length;
      seen += 1;
    }
    return units;
  }

  /** Code-point offset of a UTF-16 offset into `text`; inside a surrogate pair it rounds down. */
  function utf16ToCodePoint(text, unit) {
    let units = 0;
    let seen = 0;
    for (const char of text) {
      if (units + char.length > unit) break;
      units += char.length;
      seen += 1;
    }
    return seen;
  }

  /** The UTF-16 range of a finding or fix: the server's utf16_* when given, else converted. */
  function utf16Range(text, item) {
    if (Number.isInteger(item.utf16_start) && Number.isInteger(item.utf16_end)) {
      return { start: item.utf16_start, end: item.utf16_end };
    }
    return { start: codePointToUtf16(text, item.start), end: codePointToUtf16(text, item.end) };
  }

  const BLOCK_TAGS = new Set([
    'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE',
    'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV',
    'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TR', 'UL',
  ]);
  const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
  const TEXT_NODE = 3;
  const ELEMENT_NODE = 1;

  /**
   * The plain text of an editable element as its lines read, and where each part of it lives.
   *
   * Every block element is a line; a <br> is a line break unless it is the last thing in its
   * block (editors keep such a <br> only so an empty line has height). Returns {text, segments}
   * where each segment is {node, start, end, kind} in UTF-16 units of `text`: kind "text" for a
   * text node, "break" for a newline the map inserted. `skip(node)` may drop nodes (for example
   * formatting whitespace); it receives every text node and element.
   */
  function buildTextMap(root, skip = () => false) {
    const segments = [];
    let text = '';
    let lineHasContent = false;
    let anyLine = false;
    let pendingBlockBreak = false;
    let pendingBr = null;

    function addBreak(node) {
      segments.push({ node, start: text.length, end: text.length + 1, kind: 'break' });
      text += '\n';
      lineHasContent = false;
    }

    function flushBreaks() {
      if (pendingBlockBreak && anyLine) addBreak(null);
      pendingBlockBreak = false;
      if (pendingBr) addBreak(pendingBr);
      pendingBr = null;
    }

    function blockBoundary() {
      if (pendingBr) {
        pendingBr = null;
        lineHasContent = true;
        anyLine = true;
      }
      if (lineHasContent) pendingBlockBreak = true;
      lineHasContent = false;
    }

    function visit(node) {
      if (skip(node)) return;
      if (node.nodeType === TEXT_NODE) {
        if (!node.data) return;
        flushBreaks();
        segments.push({ node, start: text.length, end: text.length + node.data.length, kind: 'text' });
        text += node.data;
        lineHasContent = true;
        anyLine = true;
        return;
      }
      if (node.nodeType !== ELEMENT_NODE || SKIPPED_TAGS.has(node.nodeName)) return;
      if (node.nodeName === 'BR') {
        flushBreaks();
        pendingBr = node;
        return;
      }
      const block = BLOCK_TAGS.has(node.nodeName);
      if (block) blockBoundary();
      for (const child of node.childNodes) visit(child);
      if (block) blockBoundary();
    }

    for (const child of root.childNodes) visit(child);
    if (pendingBr) pendingBr = null;
    return { text, segments };
  }

  /**
   * The DOM position {node, offset} of a UTF-16 offset in a text map, or null when the map has
   * no text node. `side` "start" prefers the following text node at a boundary, "end" the
   * preceding one, so a range never starts at the end of one node or ends at the start of the next.
   */
  function pointAt(map, offset, side) {
    const texts = map.segments.filter((s) => s.kind === 'text');
    if (texts.length === 0) return null;
    const inside = texts.filter((s) => s.start <= offset && offset <= s.end);
    const preferred = side === 'start'
      ? inside.find((s) => offset < s.end) ?? inside[inside.length - 1]
      : inside.find((s) => offset > s.start) ?? inside[0];
    if (preferred) return { node: preferred.node, offset: offset - preferred.start };
    if (side === 'start') {
      const next = texts.find((s) => s.start >= offset);
      if (next) return { node: next.node, offset: 0 };
    }
    const previous = texts.filter((s) => s.end <= offset).pop() ?? texts[0];
    return { node: previous.node, offset: previous.end - previous.start };
  }

  /**
   * The DOM boundary points of start..end (UTF-16) of a text map: {from, to}, each {node, offset},
   * or null when the map has no text node. A range between them holds exactly that text (what a
   * selection and an underline cover).
   */
  function rangePoints(map, start, end) {
    const from = pointAt(map, start, 'start');
    const to = pointAt(map, end, start === end ? 'start' : 'end');
    return from && to ? { from, to } : null;
  }

  /**
   * Where a finding's text is now, as UTF-16 {start, end}: at its checked offsets when the text
   * there is unchanged, else at the occurrence of its text nearest to them, else null.
   */
  function relocate(text, range, expected) {
    if (text.slice(range.start, range.end) === expected) return range;
    if (!expected) return null;
    let best = null;
    for (let at = text.indexOf(expected); at !== -1; at = text.indexOf(expected, at + 1)) {
      if (best === null || Math.abs(at - range.start) < Math.abs(best - range.start)) best = at;
    }
    return best === null ? null : { start: best, end: best + expected.length };
  }

  const ns = (globalThis.postlint ??= {});
  ns.offsets = { codePointToUtf16, utf16ToCodePoint, utf16Range, buildTextMap, pointAt, rangePoints, relocate };
})();

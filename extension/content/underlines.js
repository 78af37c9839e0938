// The findings underlined where they stand in the composer, by severity, without touching the
// page's DOM inside the editor: the CSS Custom Highlight API for a contenteditable editor (where
// the browser has it), else an overlay in the extension's own shadow root: a mirror of a
// textarea's text with the flagged spans underlined, or lines drawn under a range's boxes.
// Underlines are decoration only (no pointer events); which one is under the mouse is found from
// their boxes.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.underlines`.
(() => {
  'use strict';

  const { el } = globalThis.postlint.view;
  const { pieces } = globalThis.postlint.spans;
  const Composer = globalThis.postlint.composer;
  const SEVERITIES = ['info', 'warning', 'error'];
  const COLOURS = { error: '#d32f2f', warning: '#e09b00', info: '#1e6fd9' };
  const NAME = (severity) => `postlint-${severity}`;
  // The textarea's look a mirror must copy for its lines to break where the textarea's do.
  const MIRRORED = ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'fontVariant',
    'fontStretch', 'letterSpacing', 'wordSpacing', 'lineHeight', 'textTransform', 'textIndent', 'textAlign', 'direction',
    'tabSize', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft'];

  const HIGHLIGHT_CSS = SEVERITIES.map((severity) => `::highlight(${NAME(severity)}) {
    text-decoration: underline wavy ${COLOURS[severity]}; text-decoration-thickness: 1.5px; text-decoration-skip-ink: none; }`).join('\n');

  const OVERLAY_CSS = `
    .underlines { position: fixed; pointer-events: none; overflow: hidden; z-index: 2147483646; }
    .mirror { position: absolute; margin: 0; color: transparent; white-space: pre-wrap;
      overflow-wrap: break-word; word-wrap: break-word; background: none; }
    .mirror mark { color: transparent; background: none; text-decoration: underline wavy; text-decoration-thickness: 1.5px;
      text-decoration-skip-ink: none; }
    ${SEVERITIES.map((s) => `.mirror mark.sev-${s} { text-decoration-color: ${COLOURS[s]}; }`).join('\n')}
    .line { position: absolute; height: 0; border-bottom: 2px dotted; }
    ${SEVERITIES.map((s) => `.line.sev-${s} { border-color: ${COLOURS[s]}; }`).join('\n')}
  `;

  const supportsHighlights = () => typeof CSS !== 'undefined' && CSS.highlights && typeof Highlight === 'function';

  /** The underlines of one page, drawn in `shadow` (the extension's shadow root) when they are an overlay. */
  function createUnderlines(shadow) {
    const layer = el(document, 'div', { class: 'underlines', 'data-postlint': 'underlines', 'aria-hidden': 'true', hidden: true });
    shadow.append(el(document, 'style', {}, OVERLAY_CSS), layer);
    let composer = null;
    let spans = [];
    let pageStyle = null;

    function usePageStyle() {
      if (pageStyle) return;
      pageStyle = new CSSStyleSheet();
      pageStyle.replaceSync(HIGHLIGHT_CSS);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyle];
    }

    /**
     * Underline `items` ({id, start, end, severity}, UTF-16 offsets into the composer's text) in
     * `target`, replacing what was underlined before.
     */
    function render(target, items) {
      clear();
      composer = target;
      spans = items.filter((item) => item.start < item.end);
      if (!spans.length) return;
      if (!Composer.isTextarea(composer) && supportsHighlights()) {
        usePageStyle();
        for (const severity of SEVERITIES) {
          const ranges = spans.filter((span) => span.severity === severity).map((span) => Composer.rangeOf(composer, span.start, span.end));
          if (!ranges.length) continue;
          const highlight = new Highlight(...ranges);
          highlight.priority = SEVERITIES.indexOf(severity);
          CSS.highlights.set(NAME(severity), highlight);
        }
        return;
      }
      layer.hidden = false;
      place();
    }

    function clear() {
      if (supportsHighlights()) for (const severity of SEVERITIES) CSS.highlights.delete(NAME(severity));
      layer.replaceChildren();
      layer.hidden = true;
      spans = [];
      composer = null;
    }

    /** Redraw the overlay where the composer is now (after a scroll, a resize). */
    function place() {
      if (layer.hidden || !composer?.isConnected) return;
      const rect = composer.getBoundingClientRect();
      Object.assign(layer.style, { left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
      if (Composer.isTextarea(composer)) drawMirror();
      else drawLines(rect);
    }

    function drawMirror() {
      const style = getComputedStyle(composer);
      const mirror = el(document, 'div', { class: 'mirror' });
      for (const property of MIRRORED) mirror.style[property] = style[property];
      // The textarea's padding box, without its border or scroll bar: lines break where its lines do.
      Object.assign(mirror.style, {
        boxSizing: 'border-box', borderWidth: '0', width: `${composer.clientWidth}px`, minHeight: `${composer.clientHeight}px`,
        height: 'auto', left: `${composer.clientLeft}px`, top: `${composer.clientTop}px`,
        transform: `translate(${-composer.scrollLeft}px, ${-composer.scrollTop}px)`,
      });
      const text = composer.value;
      mirror.append(...pieces(text, spans).map((piece) => {
        if (!piece.spans.length) return piece.text;
        const worst = piece.spans.reduce((a, b) => (SEVERITIES.indexOf(b.severity) > SEVERITIES.indexOf(a.severity) ? b : a));
        return el(document, 'mark', { class: `sev-${worst.severity}`, 'data-ids': piece.spans.map((s) => s.id).join(' ') }, piece.text);
      }), text.endsWith('\n') ? '\u200b' : '');
      layer.replaceChildren(mirror);
    }

    function drawLines(origin) {
      layer.replaceChildren(...spans.flatMap((span) => [...Composer.rangeOf(composer, span.start, span.end).getClientRects()]
        .filter((box) => box.width > 0)
        .map((box) => {
          const line = el(document, 'div', { class: `line sev-${span.severity}`, 'data-ids': String(span.id) });
          Object.assign(line.style, { left: `${box.left - origin.left}px`, top: `${box.bottom - origin.top - 2}px`, width: `${box.width}px` });
          return line;
        })));
    }

    /** The boxes of an underlined span, in viewport pixels. */
    function boxesOf(span) {
      if (!Composer.isTextarea(composer) && supportsHighlights()) return [...Composer.rangeOf(composer, span.start, span.end).getClientRects()];
      return [...layer.querySelectorAll('[data-ids]')]
        .filter((node) => node.dataset.ids.split(' ').includes(String(span.id)))
        .flatMap((node) => [...node.getClientRects()]);
    }

    /** The id of the underlined span at (x, y) in the viewport, the most severe when several are; else null. */
    function at(x, y) {
      const hit = spans.filter((span) => boxesOf(span).some((b) => b.left <= x && x <= b.right && b.top <= y && y <= b.bottom + 3));
      hit.sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity));
      return hit.length ? hit[0].id : null;
    }

    return { render, clear, place, at };
  }

  const ns = (globalThis.postlint ??= {});
  ns.underlines = { createUnderlines };
})();

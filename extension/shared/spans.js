// The spans of findings in a draft that the user keeps editing: where each one is after an edit,
// or that its text changed (stale); and the draft cut into pieces at the spans, for an overlay.
// Offsets are UTF-16 units, as the DOM counts them.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.spans`.
(() => {
  'use strict';

  const WORD_CHARACTER = /[\p{L}\p{N}\p{M}_]/u;

  /**
   * The edit that turned `before` into `after`: text start..removedEnd of `before` replaced by
   * start..insertedEnd of `after` (what both share at their start and end is kept). Null when equal.
   */
  function editBetween(before, after) {
    if (before === after) return null;
    let start = 0;
    const shortest = Math.min(before.length, after.length);
    while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
    let tail = 0;
    while (tail < shortest - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail += 1;
    return { start, removedEnd: before.length - tail, insertedEnd: after.length - tail, inserted: after.slice(start, after.length - tail) };
  }

  /**
   * Where `range` is after `edit`: moved by the edit's length when the edit is before it,
   * unchanged when after, null when its text changed: the edit overlaps it, or adds letters
   * or digits right against it ("Tom" typed on to "Tommy").
   */
  function followEdit(range, edit) {
    if (!edit) return range;
    const delta = (edit.insertedEnd - edit.start) - (edit.removedEnd - edit.start);
    const insertion = edit.removedEnd === edit.start;
    if (edit.removedEnd < range.start || (edit.removedEnd === range.start && (!insertion || !joinsBefore(edit.inserted)))) {
      return { start: range.start + delta, end: range.end + delta };
    }
    if (edit.start > range.end || (edit.start === range.end && (!insertion || !joinsAfter(edit.inserted)))) return range;
    if (insertion && edit.start === range.end && range.start === range.end) return range;
    return null;
  }

  const joinsBefore = (inserted) => WORD_CHARACTER.test(inserted.slice(-1));
  const joinsAfter = (inserted) => WORD_CHARACTER.test(inserted.slice(0, 1));

  /**
   * `text` cut where spans begin and end: [{start, end, text, spans}] in order, `spans` being the
   * spans ({start, end, ...}) that cover the piece (empty between them).
   */
  function pieces(text, spans) {
    const inside = spans.filter((span) => span.start < span.end && span.start >= 0 && span.end <= text.length);
    const bounds = [...new Set([0, text.length, ...inside.flatMap((span) => [span.start, span.end])])].sort((a, b) => a - b);
    const cut = [];
    for (let i = 0; i + 1 < bounds.length; i += 1) {
      const [start, end] = [bounds[i], bounds[i + 1]];
      cut.push({ start, end, text: text.slice(start, end), spans: inside.filter((span) => span.start <= start && end <= span.end) });
    }
    return cut;
  }

  const ns = (globalThis.postlint ??= {});
  ns.spans = { editBetween, followEdit, pieces };
})();

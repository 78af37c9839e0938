// From a finding's offsets to what is underlined and selected: the DOM points of a span in a rich
// editor's text map hold exactly the flagged text, across nested nodes and after emoji; UTF-16
// ranges from the server's code points; the overlay's pieces for a textarea.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../extension/shared/offsets.js';
import '../../../extension/shared/spans.js';

const { buildTextMap, rangePoints, utf16Range } = globalThis.postlint.offsets;
const { pieces } = globalThis.postlint.spans;

const t = (data) => ({ nodeType: 3, nodeName: '#text', data, childNodes: [] });
const h = (name, ...childNodes) => ({ nodeType: 1, nodeName: name, childNodes });

/** The text between two DOM points of a map (what a Range between them holds, blocks as "\n"). */
function between(map, { from, to }) {
  const texts = map.segments.filter((s) => s.kind === 'text');
  const i = texts.findIndex((s) => s.node === from.node);
  const j = texts.findIndex((s) => s.node === to.node);
  if (i === j) return from.node.data.slice(from.offset, to.offset);
  let out = from.node.data.slice(from.offset);
  for (let k = i + 1; k < j; k += 1) out += (texts[k].start > texts[k - 1].end ? '\n' : '') + texts[k].node.data;
  return out + (texts[j].start > texts[j - 1].end ? '\n' : '') + to.node.data.slice(0, to.offset);
}

// A Draft.js-like editor: one block per line, text in nested spans, the number split by the editor.
const block = (...children) => h('DIV', h('DIV', h('SPAN', ...children)));
const draft = h('DIV', h('DIV',
  block(h('SPAN', t('Big week 🚀✨'))),
  block(h('BR')),
  block(h('SPAN', t('Ping me 👉 ')), h('SPAN', t('090-3141')), h('SPAN', t('-5926 for the details'))),
  block(h('SPAN', t('Tom Baker 👨‍👩‍👧 says hi')))));

test('each finding maps to DOM points that hold exactly its text', () => {
  const map = buildTextMap(draft);
  assert.equal(map.text, 'Big week 🚀✨\n\nPing me 👉 090-3141-5926 for the details\nTom Baker 👨‍👩‍👧 says hi');
  const codePoints = [...map.text];
  for (const flagged of ['090-3141-5926', 'Tom Baker', 'Big week', 'says hi', '5926 for the details\nTom']) {
    const start = codePoints.join('').indexOf(flagged);
    const cpStart = [...map.text.slice(0, start)].length;
    const finding = { start: cpStart, end: cpStart + [...flagged].length };
    const range = utf16Range(map.text, finding);
    assert.equal(map.text.slice(range.start, range.end), flagged, 'code points -> UTF-16');
    assert.equal(between(map, rangePoints(map, range.start, range.end)), flagged, `DOM points of "${flagged}"`);
  }
});

test('a span that starts where one node ends starts in the next node, and ends in the previous one', () => {
  const map = buildTextMap(draft);
  const start = map.text.indexOf('090');
  const { from, to } = rangePoints(map, start, start + '090-3141'.length);
  assert.equal(from.node.data, '090-3141');
  assert.equal(from.offset, 0);
  assert.equal(to.node.data, '090-3141', 'not at offset 0 of the following node');
  assert.equal(to.offset, 8);
});

test('an editor with no text node has no points (nothing to underline)', () => {
  assert.equal(rangePoints(buildTextMap(h('DIV', h('P', h('BR')))), 0, 0), null);
});

test('a textarea overlay: pieces of the value with each flagged span marked, the text unchanged', () => {
  const value = '🎉 Call my neighbour Tom on 090-1234-5678\nthanks';
  const spans = [
    { id: 1, severity: 'warning', ...utf16Range(value, { start: 20, end: 23 }) },
    { id: 2, severity: 'error', ...utf16Range(value, { start: 27, end: 40 }) },
  ];
  const cut = pieces(value, spans);
  assert.equal(cut.map((p) => p.text).join(''), value);
  assert.deepEqual(cut.filter((p) => p.spans.length).map((p) => [p.text, p.spans[0].severity]), [['Tom', 'warning'], ['090-1234-5678', 'error']]);
});

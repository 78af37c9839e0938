// Offsets: code points <-> UTF-16, the text map of rich editors, and finding a range again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../extension/shared/offsets.js';

const { codePointToUtf16, utf16ToCodePoint, utf16Range, buildTextMap, pointAt, relocate } = globalThis.postlint.offsets;

// A tiny stand-in for DOM nodes: what buildTextMap reads (nodeType, nodeName, childNodes, data).
const t = (data) => ({ nodeType: 3, nodeName: '#text', data, childNodes: [] });
const h = (name, ...childNodes) => ({ nodeType: 1, nodeName: name, childNodes });

test('code points and UTF-16 units agree on ASCII, CJK, emoji and ZWJ sequences', () => {
  const text = 'a😀b日本👩‍💻c';
  assert.equal(codePointToUtf16(text, 0), 0);
  assert.equal(codePointToUtf16(text, 1), 1);
  assert.equal(codePointToUtf16(text, 2), 3); // after the emoji (a surrogate pair)
  assert.equal(codePointToUtf16(text, 5), 6); // 日本 are one unit each
  assert.equal(codePointToUtf16(text, 8), 11); // 👩 ZWJ 💻: 2 + 1 + 2 units
  assert.equal(codePointToUtf16(text, 99), text.length);
  for (let cp = 0; cp <= [...text].length; cp += 1) {
    assert.equal(utf16ToCodePoint(text, codePointToUtf16(text, cp)), cp);
  }
  assert.equal(utf16ToCodePoint(text, 2), 1, 'inside a surrogate pair rounds down');
});

test('a finding range prefers the server UTF-16 offsets and converts code points otherwise', () => {
  const text = '🎉 Call 090-1234-5678';
  const start = [...text].indexOf('0');
  const finding = { start, end: start + 13 };
  const range = utf16Range(text, finding);
  assert.equal(text.slice(range.start, range.end), '090-1234-5678');
  assert.deepEqual(utf16Range(text, { ...finding, utf16_start: 4, utf16_end: 8 }), { start: 4, end: 8 });
});

test('a plain contenteditable: text nodes and inline elements join without breaks', () => {
  const root = h('DIV', t('Hello '), h('B', t('big')), t(' world'));
  const map = buildTextMap(root);
  assert.equal(map.text, 'Hello big world');
  assert.deepEqual(map.segments.map((s) => [s.start, s.end, s.kind]), [[0, 6, 'text'], [6, 9, 'text'], [9, 15, 'text']]);
});

test('blocks are lines; an empty block with a placeholder <br> is an empty line', () => {
  const root = h('DIV', h('P', t('first')), h('P', h('BR')), h('P', t('third')));
  assert.equal(buildTextMap(root).text, 'first\n\nthird');
});

test('a <br> inside a line breaks it, a trailing <br> does not', () => {
  assert.equal(buildTextMap(h('DIV', h('P', t('a'), h('BR'), t('b')))).text, 'a\nb');
  assert.equal(buildTextMap(h('DIV', h('P', t('a'), h('BR')), h('P', t('b')))).text, 'a\nb');
  assert.equal(buildTextMap(h('DIV', h('P', t('a'), h('BR'), h('BR')), h('P', t('c')))).text, 'a\n\nc');
  assert.equal(buildTextMap(h('DIV', h('P', h('BR')), h('P', t('b')))).text, '\nb');
});

test('a Draft.js-like editor: nested block wrappers and spans read as one line per block', () => {
  const block = (...children) => h('DIV', h('DIV', h('SPAN', ...children)));
  const root = h('DIV', h('DIV', block(h('SPAN', t('Line one 🎉'))), block(h('SPAN', t('Call ')), h('SPAN', t('090-1234-5678')))));
  const map = buildTextMap(root);
  assert.equal(map.text, 'Line one 🎉\nCall 090-1234-5678');
});

test('text before and after a block is on its own line; skipped nodes do not count', () => {
  const formatting = t('\n   ');
  const root = h('DIV', t('a'), formatting, h('DIV', t('b')), t('c'), h('SCRIPT', t('x')));
  assert.equal(buildTextMap(root, (node) => node === formatting).text, 'a\nb\nc');
});

test('pointAt maps offsets to text nodes, never to the end of one node when the next starts there', () => {
  const first = t('Call ');
  const second = t('090-1234-5678');
  const third = t('Bye');
  const map = buildTextMap(h('DIV', h('P', first, h('SPAN', second)), h('P', third)));
  assert.equal(map.text, 'Call 090-1234-5678\nBye');
  assert.deepEqual(pointAt(map, 5, 'start'), { node: second, offset: 0 });
  assert.deepEqual(pointAt(map, 5, 'end'), { node: first, offset: 5 });
  assert.deepEqual(pointAt(map, 18, 'end'), { node: second, offset: 13 });
  assert.deepEqual(pointAt(map, 18, 'start'), { node: second, offset: 13 }, 'end of the last text of a line');
  assert.deepEqual(pointAt(map, 19, 'start'), { node: third, offset: 0 });
  assert.deepEqual(pointAt(map, 22, 'end'), { node: third, offset: 3 });
  assert.equal(pointAt(buildTextMap(h('DIV', h('BR'))), 0, 'start'), null);
});

test('a finding range is found again after the text moved, or reported gone', () => {
  const checked = 'Call 090-1234-5678 now';
  const range = { start: 5, end: 18 };
  assert.deepEqual(relocate(checked, range, '090-1234-5678'), range);
  assert.deepEqual(relocate(`Hi! ${checked}`, range, '090-1234-5678'), { start: 9, end: 22 });
  assert.deepEqual(relocate('090-1234-5678 or 090-1234-5678', { start: 17, end: 30 }, '090-1234-5678'), { start: 17, end: 30 });
  assert.deepEqual(relocate('090-1234-5678, then x 090-1234-5678', { start: 20, end: 33 }, '090-1234-5678'), { start: 22, end: 35 });
  assert.equal(relocate('Call me later', range, '090-1234-5678'), null);
});

// Findings follow the draft as the user edits it: the edit between two texts, where a span is
// after it or that its text changed (stale), and the draft cut into pieces for an overlay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../extension/shared/spans.js';

const { editBetween, followEdit, pieces } = globalThis.postlint.spans;

/** The span of `part` in `text` (UTF-16). */
const at = (text, part) => ({ start: text.indexOf(part), end: text.indexOf(part) + part.length });

function follow(before, after, part) {
  const range = followEdit(at(before, part), editBetween(before, after));
  return range && after.slice(range.start, range.end);
}

test('the edit between two drafts: what was replaced by what', () => {
  assert.equal(editBetween('same', 'same'), null);
  assert.deepEqual(editBetween('Call Tom now', 'Call Tommy now'), { start: 8, removedEnd: 8, insertedEnd: 10, inserted: 'my' });
  assert.deepEqual(editBetween('a 090-1234-5678 b', 'a 090-****-5678 b'), { start: 6, removedEnd: 10, insertedEnd: 10, inserted: '****' });
  assert.deepEqual(editBetween('🎉 hi', '🎉🎉 hi'), { start: 2, removedEnd: 2, insertedEnd: 4, inserted: '🎉' });
});

test('a span moves with edits before it and stays put with edits after it', () => {
  const draft = 'Text me at 090-1234-5678 tonight';
  assert.equal(follow(draft, `🎉 Hi! ${draft}`, '090-1234-5678'), '090-1234-5678');
  assert.equal(follow(draft, draft.replace('Text me', 'Call'), '090-1234-5678'), '090-1234-5678');
  assert.equal(follow(draft, `${draft}, see you 👋`, '090-1234-5678'), '090-1234-5678');
  assert.equal(follow(draft, draft.replace('at ', 'at: '), '090-1234-5678'), '090-1234-5678');
});

test('a span whose text changes goes stale', () => {
  const draft = 'Text me at 090-1234-5678 tonight';
  assert.equal(follow(draft, draft.replace('1234', '12x34'), '090-1234-5678'), null, 'typed inside');
  assert.equal(follow(draft, draft.replace('-5678', ''), '090-1234-5678'), null, 'part deleted');
  assert.equal(follow(draft, 'Text me tonight', '090-1234-5678'), null, 'all deleted');
  assert.equal(follow(draft, draft.replace('090-1234-5678', '090-****-5678'), '090-1234-5678'), null, 'masked');
  assert.equal(follow('Ask Tom today', 'Ask Tommy today', 'Tom'), null, 'letters typed on to the end of a name');
  assert.equal(follow('Ask Tom today', 'Ask MrTom today', 'Tom'), null, 'letters typed on to its start');
  assert.equal(follow('Ask Tom today', 'Ask Tom, today', 'Tom'), 'Tom', 'punctuation after it leaves the name alone');
  assert.equal(follow('Ask Tom today', 'Ask  Tom today', 'Tom'), 'Tom', 'a space before it moves it');
});

test('an undo that restores the text gives a span back at its place', () => {
  const checked = 'Text me at 090-1234-5678 tonight';
  const masked = checked.replace('090-1234-5678', '090-****-5678');
  const maskedRange = followEdit(at(checked, 'tonight'), editBetween(checked, masked));
  assert.deepEqual(followEdit(maskedRange, editBetween(masked, checked)), at(checked, 'tonight'));
});

test('insertion points (fixes that add text) move with edits before them', () => {
  const draft = 'Best kite ever! #kites #beach';
  const point = { start: draft.indexOf('#kites'), end: draft.indexOf('#kites') };
  const edited = `Wow. ${draft}`;
  assert.deepEqual(followEdit(point, editBetween(draft, edited)), { start: point.start + 5, end: point.end + 5 });
  assert.deepEqual(followEdit(point, editBetween(draft, `${draft} #fun`)), point);
});

test('the draft cut into pieces where spans start and end, overlapping spans split', () => {
  const text = 'Ask Ken Ito <ken@example.jp> now';
  const name = { ...at(text, 'Ken Ito'), id: 1 };
  const mail = { ...at(text, 'Ito <ken@example.jp>'), id: 2 };
  const cut = pieces(text, [name, mail]);
  assert.deepEqual(cut.map((p) => [p.text, p.spans.map((s) => s.id)]), [
    ['Ask ', []], ['Ken ', [1]], ['Ito', [1, 2]], [' <ken@example.jp>', [2]], [' now', []],
  ]);
  assert.equal(cut.map((p) => p.text).join(''), text);
  assert.deepEqual(pieces('abc', [{ start: 1, end: 1 }, { start: 2, end: 9 }]).map((p) => p.text), ['abc'], 'empty or out-of-range spans are left out');
});

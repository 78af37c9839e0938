// Where the Check control and the panel go: never over the composer's text, its toolbar or its
// Post button, inside the viewport, beside the composer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../extension/shared/placement.js';

const { box, intersects, inside, placeControl, placePanel } = globalThis.postlint.placement;

const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 800, height: 800 };
const SIZE = { width: 80, height: 26 };

// An X-like composer: the editor, then its toolbar row with the Post button at the right.
function xLike(viewport) {
  const left = (viewport.width - 600) / 2;
  return {
    composer: box(left + 60, 100, 520, 120),
    toolbar: [box(left + 60, 228, 34, 34), box(left + 100, 228, 34, 34), box(left + 500, 226, 80, 36)],
  };
}

test('the control sits in the composer\'s bottom right corner when no text is there', () => {
  const { composer, toolbar } = xLike(WIDE);
  const text = [box(composer.left + 10, composer.top + 10, 300, 20)];
  const spot = placeControl({ composer, text, avoid: toolbar, viewport: WIDE, size: SIZE });
  assert.ok(inside(spot, composer));
  assert.equal(spot.bottom, composer.bottom - 6);
  assert.equal(spot.right, composer.right - 6);
});

test('text reaching the corner moves the control out of its way, never over text or controls', () => {
  const { composer, toolbar } = xLike(WIDE);
  const full = [box(composer.left + 10, composer.top + 10, 500, 100)];
  const spot = placeControl({ composer, text: full, avoid: toolbar, viewport: WIDE, size: SIZE });
  assert.ok(!full.some((r) => intersects(spot, r)) && !toolbar.some((r) => intersects(spot, r)));
  assert.ok(!intersects(spot, composer), 'beside the composer');
  assert.equal(spot.left, composer.right + 6);
});

test('a textarea\'s control is always beside it, and left of it when the right is off screen', () => {
  const composer = box(620, 100, 170, 120);
  const spot = placeControl({ composer, text: [composer], avoid: [], viewport: NARROW, size: SIZE, corners: false });
  assert.equal(spot.right, composer.left - 6);
  const nowhere = placeControl({ composer: box(0, 0, 800, 800), text: [box(0, 0, 800, 800)], viewport: NARROW, size: SIZE });
  assert.equal(nowhere, null, 'no free place: no control rather than one over the text');
});

test('the panel goes right of the composer when it fits, else below its toolbar, never over them', () => {
  for (const [viewport, side] of [[WIDE, 'right'], [NARROW, 'below']]) {
    const { composer, toolbar } = xLike(viewport);
    const protect = [composer, ...toolbar];
    const where = placePanel({ protect, anchor: composer, viewport, width: 380 });
    assert.equal(where.side, side);
    const panel = box(where.left, where.top, where.width, where.maxHeight);
    assert.ok(!protect.some((r) => intersects(panel, r)), `${side}: the panel covers nothing of the composer`);
    assert.ok(inside(panel, box(0, 0, viewport.width, viewport.height)));
  }
});

test('with no room below, the panel flips above the composer', () => {
  const composer = box(100, 560, 600, 120);
  const post = box(620, 690, 80, 36);
  const where = placePanel({ protect: [composer, post], anchor: composer, viewport: NARROW, width: 380 });
  assert.equal(where.side, 'above');
  assert.ok(where.top + where.maxHeight <= composer.top - 8);
  assert.ok(where.bottomAligned, 'anchored by its bottom edge, so a short panel stays next to the composer');
});

test('a cramped viewport gives the panel the largest free space, still clear of the composer', () => {
  const composer = box(60, 200, 680, 300);
  const where = placePanel({ protect: [composer], anchor: composer, viewport: { width: 800, height: 600 }, width: 380 });
  const panel = box(where.left, where.top, where.width, where.maxHeight);
  assert.ok(!intersects(panel, composer));
  assert.equal(where.side, 'above', '184 px above the composer, 84 below it');
});

test('the control skips places where the page has other controls (a navigation rail)', () => {
  const composer = box(200, 70, 520, 96);
  const text = [box(200, 78, 520, 72)];
  const rail = box(80, 40, 44, 180);
  const spot = placeControl({ composer, text, viewport: NARROW, size: SIZE, isFree: (c) => !intersects(c, rail) });
  assert.ok(!intersects(spot, rail) && !intersects(spot, composer) && !text.some((r) => intersects(spot, r)));
  assert.equal(spot.bottom, composer.top - 6, 'above the composer, at its right end');
});

test('the panel keeps clear of the Check control beside the composer: it opens under it', () => {
  const composer = box(360, 93, 560, 148);
  const post = box(360, 296, 65, 26);
  const control = box(926, 215, 104, 26);
  const where = placePanel({ protect: [composer, post], control, anchor: composer, viewport: WIDE, width: 380 });
  const panel = box(where.left, where.top, where.width, where.maxHeight);
  assert.equal(where.side, 'right');
  assert.ok(!intersects(panel, control) && !intersects(panel, composer) && !intersects(panel, post));
  assert.equal(where.top, control.bottom + 8);
});

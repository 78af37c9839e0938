// Where the extension's Check control and panel go beside a composer: never over the composer's
// text, its toolbar or its Post button, and inside the viewport. Pure geometry on rectangles
// {left, top, right, bottom} in viewport pixels, so the rules are tested without a browser.
//
// A classic script (content scripts cannot be modules): it defines `globalThis.postlint.placement`.
(() => {
  'use strict';

  const MARGIN = 8;

  const box = (left, top, width, height) => ({ left, top, right: left + width, bottom: top + height, width, height });
  const intersects = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const inside = (a, outer) => a.left >= outer.left && a.top >= outer.top && a.right <= outer.right && a.bottom <= outer.bottom;

  function union(rects) {
    return rects.reduce((all, r) => box(Math.min(all.left, r.left), Math.min(all.top, r.top),
      Math.max(all.right, r.right) - Math.min(all.left, r.left), Math.max(all.bottom, r.bottom) - Math.min(all.top, r.top)));
  }

  const viewportBox = ({ width, height }) => box(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN);

  /**
   * The Check control's box ({width, height} `size`) near `composer`: in the composer's bottom
   * or top right corner when `corners` (no text there: `text` are the text's boxes), else beside
   * it (right, left), else above or below it; never over `avoid` (the page's controls) or the
   * text, nor where `isFree(box)` says another control of the page is; always in the viewport.
   * Null when no place is free.
   */
  function placeControl({ composer, text = [], avoid = [], viewport, size, gap = 6, corners = true, isFree = () => true }) {
    const { width, height } = size;
    const inset = gap;
    const candidates = [
      ...(corners ? [
        box(composer.right - inset - width, composer.bottom - inset - height, width, height),
        box(composer.right - inset - width, composer.top + inset, width, height),
      ] : []),
      box(composer.right + gap, composer.bottom - height, width, height),
      box(composer.right + gap, composer.top, width, height),
      box(composer.left - gap - width, composer.bottom - height, width, height),
      box(composer.left - gap - width, composer.top, width, height),
      box(composer.right - width, composer.top - gap - height, width, height),
      box(composer.right - width, composer.bottom + gap, width, height),
    ];
    const area = viewportBox(viewport);
    const blocked = [...text, ...avoid];
    return candidates.find((c, index) => inside(c, area) && !blocked.some((r) => intersects(c, r))
      && (index < (corners ? 2 : 0) ? inside(c, composer) : !intersects(c, composer)) && isFree(c)) ?? null;
  }

  const sized = (s) => ({ ...s, width: s.right - s.left, height: s.bottom - s.top });

  /** A space without the part `obstacle` takes: the larger of what lies on either side of it. */
  function around(space, obstacle, gap) {
    if (!obstacle || !intersects(space, obstacle)) return space;
    const parts = space.side === 'right' || space.side === 'left'
      ? [{ ...space, bottom: obstacle.top - gap }, { ...space, top: obstacle.bottom + gap }]
      : [{ ...space, right: obstacle.left - gap }, { ...space, left: obstacle.right + gap }];
    return parts.map(sized).sort((a, b) => b.width * b.height - a.width * a.height)[0];
  }

  /**
   * The panel's box beside the block of `protect` (the composer, its toolbar and Post button),
   * clear of `control` (the Check control): to the right or left of it when `width` fits there,
   * else below or above it, whichever has room for `minHeight`; else in the largest of those
   * spaces. Returns {left, top, width, maxHeight, side}; the panel never overlaps the block.
   */
  function placePanel({ protect, control = null, anchor, viewport, width, minWidth = 280, minHeight = 220, maxHeight = 520, gap = 8 }) {
    const block = union(protect);
    const area = viewportBox(viewport);
    const spaces = [
      { side: 'right', left: block.right + gap, top: area.top, right: area.right, bottom: area.bottom },
      { side: 'left', left: area.left, top: area.top, right: block.left - gap, bottom: area.bottom },
      { side: 'below', left: area.left, top: block.bottom + gap, right: area.right, bottom: area.bottom },
      { side: 'above', left: area.left, top: area.top, right: area.right, bottom: block.top - gap },
    ].map((s) => around(sized(s), control, gap));
    const fits = spaces.find((s) => s.width >= Math.min(width, minWidth) && s.height >= minHeight)
      ?? spaces.filter((s) => s.width > 0 && s.height > 0).sort((a, b) => b.width * b.height - a.width * a.height)[0];
    if (!fits) return null;
    const w = Math.min(width, fits.width);
    const h = Math.min(maxHeight, fits.height);
    const clamp = (value, low, high) => Math.max(low, Math.min(value, high));
    if (fits.side === 'right' || fits.side === 'left') {
      const left = fits.side === 'right' ? fits.left : fits.right - w;
      return { left, top: clamp(anchor.top, fits.top, fits.bottom - h), width: w, maxHeight: h, side: fits.side };
    }
    const left = clamp(anchor.right - w, fits.left, fits.right - w);
    const top = fits.side === 'below' ? fits.top : fits.bottom - h;
    return { left, top, width: w, maxHeight: h, side: fits.side, bottomAligned: fits.side === 'above' };
  }

  const ns = (globalThis.postlint ??= {});
  ns.placement = { box, intersects, inside, union, placeControl, placePanel };
})();

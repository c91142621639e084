// Region fractions (of the image as displayed) to pixel rectangles: inside the image, never empty,
// covering the region (floor of the start, ceiling of the end).
import { describe, expect, it } from 'vitest';
import { regionPixels } from '../../../../electron/engine/export/clue-crops.js';

describe('regionPixels', () => {
  it('maps fractions to covering pixel rectangles', () => {
    expect(regionPixels({ x: 0.1, y: 0.1, w: 0.35, h: 0.12 }, 640, 480)).toEqual({ left: 64, top: 48, width: 224, height: 58 });
    expect(regionPixels({ x: 0, y: 0, w: 1, h: 1 }, 640, 480)).toEqual({ left: 0, top: 0, width: 640, height: 480 });
  });

  it('stays inside the image and at least one pixel, whatever rounding does', () => {
    expect(regionPixels({ x: 0.999, y: 0.999, w: 0.0000001, h: 0.0000001 }, 100, 50)).toEqual({ left: 99, top: 49, width: 1, height: 1 });
    expect(regionPixels({ x: 0.5, y: 0.5, w: 0.5000009, h: 0.5000009 }, 101, 33)).toEqual({ left: 50, top: 16, width: 51, height: 17 });
  });
});

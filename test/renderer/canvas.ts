/**
 * A canvas for Chart.js in Node: Chart.js picks its DOM-free platform here, sizes the chart from width/height and
 * draws through a 2D context whose every method is a no-op (measureText measures nothing). Tests read what the chart
 * attachments write to `dataset` and ask Chart.js for the chart's data, not pixels.
 */
export function fakeCanvas(width = 400, height = 200): HTMLCanvasElement {
  const canvas = { width, height, dataset: {} as DOMStringMap, style: {} } as unknown as HTMLCanvasElement;
  const context: Record<string | symbol, unknown> = { canvas };
  const ctx = new Proxy(context, {
    get(target, key) {
      if (key in target) return target[key];
      if (key === 'measureText') return () => ({ width: 0, actualBoundingBoxAscent: 0, actualBoundingBoxDescent: 0 });
      if (key === 'getLineDash') return () => [];
      if (key === 'createLinearGradient' || key === 'createRadialGradient' || key === 'createPattern')
        return () => ({ addColorStop: () => undefined });
      return () => undefined;
    },
    set(target, key, value) {
      target[key] = value;
      return true;
    },
  });
  Object.assign(canvas, { getContext: () => ctx });
  return canvas;
}

/** Runs requestAnimationFrame callbacks on a timer, as a browser would on its next frame. */
export function installAnimationFrames(): void {
  globalThis.requestAnimationFrame ??= (callback) =>
    setTimeout(() => callback(performance.now()), 0) as unknown as number;
  globalThis.cancelAnimationFrame ??= (id) => clearTimeout(id);
}

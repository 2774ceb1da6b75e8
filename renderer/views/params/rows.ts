/** Rows to draw for a scrolled list of fixed-height rows, with a few spare either side. */
export function visibleRange(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewHeight: number,
  overscan = 8,
): { start: number; end: number } {
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const inView = Math.ceil(Math.max(0, viewHeight) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.min(count, first + inView + overscan);
  return { start, end: Math.max(start, end) };
}

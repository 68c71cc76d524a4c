/** A one-line progress bar on stderr, redrawn at most every 200 ms (only on a terminal). */
export function createProgress(
  total: number | undefined,
  stream: NodeJS.WriteStream = process.stderr,
) {
  const started = Date.now();
  let last = 0;
  const draw = (done: number, force = false) => {
    if (!stream.isTTY) return;
    const t = Date.now();
    if (!force && t - last < 200) return;
    last = t;
    const rate = Math.round(done / Math.max(0.001, (t - started) / 1000));
    const ratio = total ? Math.min(1, done / total) : 0;
    const bar = total
      ? `[${'#'.repeat(Math.round(ratio * 30)).padEnd(30, ' ')}] ${Math.round(ratio * 100)}% `
      : '';
    stream.write(`\r${bar}${done}${total ? `/${total}` : ''} records, ${rate}/s   `);
  };
  return {
    update: (done: number) => draw(done),
    finish: (done: number) => {
      draw(done, true);
      if (stream.isTTY) stream.write('\n');
    },
  };
}

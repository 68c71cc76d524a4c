/** Paces a loop to at most `perSecond` units per second (0 = unlimited). */
export function createRateLimiter(perSecond: number, now: () => number = () => performance.now()) {
  const start = now();
  let sent = 0;
  return {
    async take(units: number): Promise<void> {
      sent += units;
      if (perSecond <= 0) return;
      const due = start + (sent / perSecond) * 1000;
      const delay = due - now();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    },
  };
}

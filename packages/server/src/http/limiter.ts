/**
 * A sliding-window limit per address for what anyone may send without signing in (objections, self-
 * reports): enough for a family, not for a flood. Remembered in memory; a restart forgets.
 */
export function addressLimiter(limit: { max: number; windowMs: number }): (address: string) => boolean {
  const recent = new Map<string, number[]>();
  return (address: string): boolean => {
    const now = Date.now();
    const kept = (recent.get(address) ?? []).filter((at) => now - at < limit.windowMs);
    if (recent.size > 10_000) recent.clear();
    if (kept.length >= limit.max) {
      recent.set(address, kept);
      return false;
    }
    kept.push(now);
    recent.set(address, kept);
    return true;
  };
}

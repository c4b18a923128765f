/**
 * Whether any two of many keys may be equal, in a few bytes a key: each key's 52-bit hash is kept in an
 * open-addressing table of doubles. Equal keys always meet; two different keys meet only when their hashes
 * collide (about one chance in 10⁴ for three million keys), so a meeting says "look closer", never "equal".
 * The import reads a million rows through it instead of grouping them all in SQL; the exact SQL runs
 * only when something met.
 */
export class KeyHashes {
  private table: Float64Array;
  private size = 0;
  /** Whether two keys met: then some may be equal. */
  met = false;

  /** Sized for about `expected` keys (it grows past them). */
  constructor(expected = 0) {
    let slots = 1 << 16;
    while (slots < expected * 2 && slots < 1 << 24) slots *= 2;
    this.table = new Float64Array(slots);
  }

  add(key: string): void {
    this.addHash(hash52(key));
  }

  /** The same as `add` of the two byte ranges' characters joined (the bytes are ASCII: a resident ID and a date). */
  addBytes(a: Uint8Array, aAt: number, aLength: number, b: Uint8Array, bAt: number, bLength: number): void {
    this.addHash(hash52Bytes(a, aAt, aLength, b, bAt, bLength));
  }

  private addHash(h: number): void {
    if (this.size * 2 >= this.table.length) this.grow();
    if (this.insert(this.table, h)) this.size++;
    else this.met = true;
  }

  /** Places a hash (never 0: 0 marks a free slot); false when it was there already. */
  private insert(table: Float64Array, h: number): boolean {
    const mask = table.length - 1;
    // The hash's low 32 bits (ToUint32 keeps them) pick the slot.
    let i = (h >>> 0) & mask;
    for (;;) {
      const v = table[i] as number;
      if (v === 0) {
        table[i] = h;
        return true;
      }
      if (v === h) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const next = new Float64Array(this.table.length * 2);
    for (const v of this.table) if (v !== 0) this.insert(next, v);
    this.table = next;
  }
}

/** Two 32-bit FNV-1a-style hashes of the key's characters (different seeds and primes), joined into 52 bits, never 0. */
export function hash52(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return finish(a, b);
}

/** `hash52` of the characters of two byte ranges joined, without making the string. */
export function hash52Bytes(x: Uint8Array, xAt: number, xLength: number, y: Uint8Array, yAt: number, yLength: number): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ (xLength + yLength);
  for (let i = xAt; i < xAt + xLength; i++) {
    const c = x[i] as number;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  for (let i = yAt; i < yAt + yLength; i++) {
    const c = y[i] as number;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return finish(a, b);
}

function finish(a: number, b: number): number {
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  // 20 bits of b above the 32 of a: 52 bits, exact in a double.
  return (b >>> 12) * 0x100000000 + (a >>> 0) || 1;
}

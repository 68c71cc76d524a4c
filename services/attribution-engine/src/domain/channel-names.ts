/** Whether trim() would leave this end character alone (conservatively: every character trim()
 * removes is <= 32, 160 or >= U+1680). */
const bare = (c: number): boolean => c > 32 && c !== 160 && c < 0x1680;
const GREATER_THAN = 62;

/**
 * One string per channel name across the rows of a file. A 200k-row file then keeps a few dozen
 * channel strings alive instead of a million copies (less for every GC to copy), the models'
 * map look-ups hash each name once, and a usual path cell is split without making a string per
 * touch: names are found in the cell's text by hash and compared in place.
 */
export class ChannelNames {
  private readonly byHash = new Map<number, string[]>();
  private readonly parts: string[] = [];

  /** The one string equal to `name`. */
  intern(name: string): string {
    let hash = 0;
    for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) | 0;
    return this.find(name, 0, name.length, hash);
  }

  /**
   * The names of a cell joined by " > " ("A > B > C"), or undefined when any part is empty,
   * holds a `>` or has ends that trim() would remove: such cells are for the general reader.
   */
  splitPlain(cell: string): string[] | undefined {
    const parts = this.parts;
    parts.length = 0;
    for (let start = 0; ;) {
      const separator = cell.indexOf(' > ', start);
      const end = separator < 0 ? cell.length : separator;
      if (end === start || !bare(cell.charCodeAt(start)) || !bare(cell.charCodeAt(end - 1))) {
        return undefined;
      }
      let hash = 0;
      for (let i = start; i < end; i++) {
        const c = cell.charCodeAt(i);
        if (c === GREATER_THAN) return undefined;
        hash = (Math.imul(hash, 31) + c) | 0;
      }
      parts.push(this.find(cell, start, end, hash));
      if (separator < 0) return parts.slice();
      start = separator + 3;
    }
  }

  private find(text: string, start: number, end: number, hash: number): string {
    const bucket = this.byHash.get(hash);
    if (bucket) {
      for (const name of bucket) {
        if (name.length === end - start && text.startsWith(name, start)) return name;
      }
    }
    const name = start === 0 && end === text.length ? text : text.slice(start, end);
    if (bucket) bucket.push(name);
    else this.byHash.set(hash, [name]);
    return name;
  }
}

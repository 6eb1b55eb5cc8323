/**
 * A sorted, front-coded list of words (as scripts/gen-guard-data.mjs writes it) that answers
 * "is this word in the list?" without unpacking it: the packed text stays one string, only the
 * first word of each block of 64 is read at load, and a lookup binary-searches those and then
 * decodes one block. Order is plain code-unit order (what `<` compares). Pure.
 *
 * Coding: blocks joined by '|', words in a block by ' ', each word = one char (48 + the length of
 * the prefix it shares with the word before it in the block) followed by the rest of the word.
 */
export class FrontCodedWords {
  private readonly blocks: readonly string[];
  private readonly heads: readonly string[];

  constructor(packed: string) {
    this.blocks = packed === '' ? [] : packed.split('|');
    this.heads = this.blocks.map((block) => {
      const end = block.indexOf(' ');
      return block.slice(1, end < 0 ? block.length : end);
    });
  }

  get blockCount(): number {
    return this.blocks.length;
  }

  has(word: string): boolean {
    // The last block whose first word is <= word.
    let low = 0;
    let high = this.heads.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const head = this.heads[middle] ?? '';
      if (head <= word) {
        found = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    if (found < 0) return false;
    // Walk the block without building strings: `matched` is how many leading chars of `word` the
    // word before equals. The next word shares `shared` chars with that one: if fewer than
    // `matched`, it differs from `word` earlier, at a char greater than word's (the list is
    // sorted), so `word` is not there; if more, it is still below `word` like the one before.
    const block = this.blocks[found] ?? '';
    let matched = 0;
    let at = 0;
    while (at < block.length) {
      const shared = block.charCodeAt(at) - 48;
      let end = block.indexOf(' ', at);
      if (end < 0) end = block.length;
      if (shared < matched) return false;
      if (shared === matched) {
        // Compare the rest of this word with word[matched…].
        let k = at + 1;
        let m = matched;
        while (k < end && m < word.length && block.charCodeAt(k) === word.charCodeAt(m)) {
          k++;
          m++;
        }
        if (k === end && m === word.length) return true;
        if (k === end) matched = m; // this word is a prefix of `word`: below it
        else if (m === word.length || block.charCodeAt(k) > word.charCodeAt(m)) return false;
        else matched = m;
      }
      at = end + 1;
    }
    return false;
  }

  /** Every word, decoded (for tests and the generator's checks; not for the scan). */
  *all(): IterableIterator<string> {
    for (const block of this.blocks) {
      let previous = '';
      for (const coded of block.split(' ')) {
        const current = previous.slice(0, coded.charCodeAt(0) - 48) + coded.slice(1);
        yield current;
        previous = current;
      }
    }
  }
}

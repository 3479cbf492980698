// Maps the characters of a text to ids and back.

/** The sorted distinct characters of a text, with id lookups both ways. */
export class Vocabulary {
  readonly chars: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  constructor(text: string) {
    if (text.length === 0) throw new Error('Vocabulary: text must not be empty, got ""');
    this.chars = [...new Set(text)].sort();
    this.ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  get size(): number {
    return this.chars.length;
  }

  encode(text: string): Int32Array {
    return Int32Array.from(text, (c) => {
      const id = this.ids.get(c);
      if (id === undefined) throw new Error(`Vocabulary.encode: character ${JSON.stringify(c)} is not in the vocabulary`);
      return id;
    });
  }

  decode(ids: readonly number[]): string {
    return ids.map((i) => this.chars[i] ?? '?').join('');
  }
}

// One linear pass over a header's JSON text: duplicate keys and the entry count, before parsing.

/** What the scan found: the first duplicate key (with its object's path) or the entry count. */
export type HeaderScan =
  | { readonly kind: 'duplicate'; readonly key: string; readonly path: string }
  | { readonly kind: 'tooMany'; readonly limit: number }
  | { readonly kind: 'ok'; readonly entries: number };

interface Frame {
  readonly keys: Set<string> | undefined;
  readonly path: string;
  expectKey: boolean;
  lastKey: string;
}

/**
 * Scans JSON `text` for a key repeated within one object (JSON.parse would silently keep the last
 * one, while another reader may keep the first) and counts the top-level keys (`__metadata__`
 * aside), stopping as soon as they pass `maxKeys`, so a hostile header is refused before any
 * object is built from it.
 * Text that is not JSON is left for JSON.parse to report.
 */
export function scanHeaderKeys(text: string, maxKeys: number): HeaderScan {
  const stack: Frame[] = [];
  let topLevel = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (ch === 0x22) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (top?.keys !== undefined && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return { kind: 'ok', entries: 0 };
        }
        if (top.keys.has(key)) return { kind: 'duplicate', key, path: top.path };
        top.keys.add(key);
        top.lastKey = key;
        top.expectKey = false;
        if (stack.length === 1 && key !== '__metadata__') {
          topLevel += 1;
          if (topLevel > maxKeys) return { kind: 'tooMany', limit: maxKeys };
        }
      }
      i = j;
    } else if (ch === 0x7b || ch === 0x5b) {
      const path = top === undefined ? '' : `${top.path}${top.keys === undefined ? '[]' : `.${top.lastKey}`}`;
      stack.push({ keys: ch === 0x7b ? new Set() : undefined, path, expectKey: ch === 0x7b, lastKey: '' });
    } else if (ch === 0x7d || ch === 0x5d) {
      stack.pop();
    } else if (ch === 0x2c && top?.keys !== undefined) {
      top.expectKey = true;
    }
  }
  return { kind: 'ok', entries: 0 };
}

/**
 * Measures an object's body in one streaming pass: size, SHA-256 and, for
 * text, line and word counts. Memory stays at one chunk, whatever the size.
 */
import { createHash } from "node:crypto";

export interface ContentStats {
  size: number;
  sha256: string;
  lines?: number;
  words?: number;
}

const TEXTUAL_APPLICATION_TYPES = new Set([
  "application/json",
  "application/xml",
  "application/javascript",
  "application/x-ndjson",
  "application/yaml",
  "application/x-yaml",
  "application/csv",
]);

export function isTextualContentType(contentType: string): boolean {
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  return (
    mediaType.startsWith("text/") ||
    TEXTUAL_APPLICATION_TYPES.has(mediaType) ||
    mediaType.endsWith("+json") ||
    mediaType.endsWith("+xml")
  );
}

/**
 * Text is counted when the content type says so (decoded leniently) or when
 * the bytes are valid UTF-8 (uploads often arrive as octet-stream).
 */
export async function measureContent(body: AsyncIterable<Uint8Array>, contentType: string): Promise<ContentStats> {
  const hash = createHash("sha256");
  const textual = isTextualContentType(contentType);
  const decoder = new TextDecoder("utf-8", { fatal: !textual });
  let text: TextCounter | undefined = new TextCounter();
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    hash.update(chunk);
    text = feed(text, () => decoder.decode(chunk, { stream: true }));
  }
  text = feed(text, () => decoder.decode());
  return { size, sha256: hash.digest("hex"), ...(text ? { lines: text.lines, words: text.words } : {}) };
}

/** Returns undefined from the first invalid UTF-8 sequence on: the content is not text. */
function feed(counter: TextCounter | undefined, decode: () => string): TextCounter | undefined {
  if (!counter) return undefined;
  try {
    counter.push(decode());
    return counter;
  } catch {
    return undefined;
  }
}

/**
 * Lines: line feeds, plus a final line without one (so "a\nb" is 2, "" is 0).
 * Words: runs of non-whitespace, as `wc -w` counts them. Works across chunk borders.
 */
export class TextCounter {
  private newlines = 0;
  private wordCount = 0;
  private inWord = false;
  private openLine = false;

  push(text: string): void {
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === 0x0a) {
        this.newlines++;
        this.openLine = false;
      } else {
        this.openLine = true;
      }
      if (isWhitespace(code)) {
        this.inWord = false;
      } else if (!this.inWord) {
        this.inWord = true;
        this.wordCount++;
      }
    }
  }

  get lines(): number {
    return this.newlines + (this.openLine ? 1 : 0);
  }

  get words(): number {
    return this.wordCount;
  }
}

/** The characters JavaScript's `\s` matches. */
function isWhitespace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { isTextualContentType, measureContent, TextCounter } from "../../../../handlers/inventory/content-stats.js";

async function* chunksOf(data: Uint8Array, size: number) {
  for (let offset = 0; offset < data.byteLength; offset += size) yield data.subarray(offset, offset + size);
}

const encode = (text: string) => new TextEncoder().encode(text);

function count(text: string) {
  const counter = new TextCounter();
  counter.push(text);
  return { lines: counter.lines, words: counter.words };
}

describe("TextCounter", () => {
  it("counts a final line without a newline, and none for empty text", () => {
    assert.deepEqual(count(""), { lines: 0, words: 0 });
    assert.deepEqual(count("a\nb"), { lines: 2, words: 2 });
    assert.deepEqual(count("a\nb\n"), { lines: 2, words: 2 });
    assert.deepEqual(count("\n\n"), { lines: 2, words: 0 });
  });

  it("counts CRLF lines once and splits words on any whitespace", () => {
    assert.deepEqual(count("one two\r\nthree\tfour\u00a0five\u3000six\r\n"), { lines: 2, words: 6 });
  });

  it("counts the same across any chunking", () => {
    const text = "Grüße aus Köln 🌸\nzweite  Zeile\n\nletzte";
    const whole = count(text);
    for (let size = 1; size <= 5; size++) {
      const counter = new TextCounter();
      for (let offset = 0; offset < text.length; offset += size) counter.push(text.slice(offset, offset + size));
      assert.deepEqual({ lines: counter.lines, words: counter.words }, whole);
    }
    assert.deepEqual(whole, { lines: 4, words: 7 });
  });
});

describe("measureContent", () => {
  it("hashes and sizes any body, matching a one-shot SHA-256", async () => {
    const data = new Uint8Array(1000).map((_, index) => (index * 7) % 256);
    const stats = await measureContent(chunksOf(data, 64), "application/octet-stream");
    assert.equal(stats.size, 1000);
    assert.equal(stats.sha256, createHash("sha256").update(data).digest("hex"));
  });

  it("counts text that is valid UTF-8 even when the content type is generic, across split code points", async () => {
    const stats = await measureContent(chunksOf(encode("été 🌸 ok\nzwei"), 1), "binary/octet-stream");
    assert.equal(stats.lines, 2);
    assert.equal(stats.words, 4);
  });

  it("does not count binary content", async () => {
    const stats = await measureContent(chunksOf(new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x62]), 2), "application/octet-stream");
    assert.equal(stats.lines, undefined);
    assert.equal(stats.words, undefined);
    assert.equal(stats.size, 5);
  });

  it("counts textual content types even when the bytes are not valid UTF-8", async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b, 0x0a]); // "café ok\n" in ISO-8859-1
    const stats = await measureContent(chunksOf(latin1, 3), "text/plain; charset=iso-8859-1");
    assert.deepEqual({ lines: stats.lines, words: stats.words }, { lines: 1, words: 2 });
  });

  it("treats an empty object as empty text", async () => {
    const stats = await measureContent(chunksOf(new Uint8Array(0), 1), "text/plain");
    assert.deepEqual(stats, { size: 0, sha256: createHash("sha256").digest("hex"), lines: 0, words: 0 });
  });
});

describe("isTextualContentType", () => {
  it("recognises text, JSON, XML and structured-syntax suffixes", () => {
    for (const type of ["text/plain", "Text/CSV; charset=utf-8", "application/json", "application/ld+json", "image/svg+xml"]) {
      assert.equal(isTextualContentType(type), true, type);
    }
    for (const type of ["image/png", "application/octet-stream", "binary/octet-stream", "application/zip"]) {
      assert.equal(isTextualContentType(type), false, type);
    }
  });
});

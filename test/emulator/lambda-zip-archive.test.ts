import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ZipArchive } from "archiver";
import { writeZip } from "../helpers/zip-writer.js";
import { extractZipArchive, readZipArchive, unzippedSize, ZipFormatError } from "../../src/emulator/services/lambda/zip-archive.js";

/** A zip as archiver (the zip library most Node.js tooling uses) writes it. */
async function archiverZip(entries: { name: string; data?: string; mode?: number; directory?: boolean }[], store: boolean): Promise<Buffer> {
  const archive = new ZipArchive({ store });
  const chunks: Buffer[] = [];
  archive.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    archive.on("end", () => resolve());
    archive.on("error", reject);
  });
  for (const entry of entries) {
    if (entry.directory) archive.append("", { name: `${entry.name}/`, type: "directory" } as never);
    else archive.append(Buffer.from(entry.data ?? ""), { name: entry.name, mode: entry.mode });
  }
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

describe("Lambda deployment package reader", () => {
  it("reads deflated entries written by eda's own zip writer", () => {
    const zip = writeZip([
      { name: "index.mjs", data: Buffer.from("export const handler = async () => 1;") },
      { name: "lib/util.js", data: Buffer.from("x".repeat(10_000)) },
    ]);
    const entries = readZipArchive(zip);
    assert.deepEqual(entries.map((entry) => entry.name), ["index.mjs", "lib/util.js"]);
    assert.equal(entries[0]!.read().toString(), "export const handler = async () => 1;");
    assert.equal(entries[1]!.read().toString(), "x".repeat(10_000));
    assert.equal(unzippedSize(entries), 37 + 10_000);
  });

  it("reads stored entries, directories and Unix modes from archiver's zips, and extracts them", async () => {
    for (const store of [true, false]) {
      const zip = await archiverZip(
        [
          { name: "bin", directory: true },
          { name: "bin/tool", data: "#!/bin/sh\necho hi\n", mode: 0o755 },
          { name: "index.js", data: "exports.handler = async () => 'ok';", mode: 0o600 },
        ],
        store,
      );
      const entries = readZipArchive(zip);
      assert.deepEqual(
        entries.map((entry) => [entry.name, entry.isDirectory]),
        [["bin", true], ["bin/tool", false], ["index.js", false]],
      );
      const directory = await mkdtemp(join(tmpdir(), "zip-test-"));
      try {
        await extractZipArchive(entries, directory);
        assert.equal(await readFile(join(directory, "bin/tool"), "utf8"), "#!/bin/sh\necho hi\n");
        assert.equal((await stat(join(directory, "bin/tool"))).mode & 0o777, 0o755);
        // Readable by the runtime whatever the archive said.
        assert.equal((await stat(join(directory, "index.js"))).mode & 0o444, 0o444);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    }
  });

  it("refuses what is not a zip, damaged data and names that escape the code directory", () => {
    assert.throws(() => readZipArchive(Buffer.from("definitely not a zip archive")), ZipFormatError);
    assert.throws(() => readZipArchive(new Uint8Array()), ZipFormatError);

    const zip = Buffer.from(writeZip([{ name: "index.js", data: Buffer.from("exports.handler = async () => 'intact';") }]));
    // Flip a byte of the deflated data (after the 30-byte local header and the 8-byte name).
    zip[30 + 8 + 2]! ^= 0xff;
    const [damaged] = readZipArchive(zip);
    assert.throws(() => damaged!.read(), ZipFormatError);

    for (const name of ["../escape.js", "/etc/passwd", "a/../../b.js"]) {
      assert.throws(() => readZipArchive(writeZip([{ name, data: Buffer.from("x") }])), ZipFormatError, name);
    }
  });
});

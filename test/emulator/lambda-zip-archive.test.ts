import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ZipArchive } from "archiver";
import { writeZip } from "../../bench/lib/workloads/zip-writer.js";
import { checkZipArchive, extractZipArchive, ZipFormatError, ZipTooLargeError } from "../../src/emulator/services/lambda/zip-archive.js";

const CAP = 262_144_000;

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
  it("reads deflated entries written by eda's own zip writer", async () => {
    const zip = Buffer.from(
      writeZip([
        { name: "index.mjs", data: Buffer.from("export const handler = async () => 1;") },
        { name: "lib/util.js", data: Buffer.from("x".repeat(10_000)) },
      ]),
    );
    const entries = await checkZipArchive(zip, CAP);
    assert.deepEqual(entries.map((entry) => [entry.name, entry.uncompressedSize]), [["index.mjs", 37], ["lib/util.js", 10_000]]);
    const directory = await mkdtemp(join(tmpdir(), "zip-test-"));
    try {
      await extractZipArchive(zip, directory);
      assert.equal(await readFile(join(directory, "index.mjs"), "utf8"), "export const handler = async () => 1;");
      assert.equal(await readFile(join(directory, "lib/util.js"), "utf8"), "x".repeat(10_000));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
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
      const entries = await checkZipArchive(zip, CAP);
      assert.deepEqual(
        entries.map((entry) => [entry.name, entry.isDirectory]),
        [["bin", true], ["bin/tool", false], ["index.js", false]],
      );
      const directory = await mkdtemp(join(tmpdir(), "zip-test-"));
      try {
        await extractZipArchive(zip, directory);
        assert.equal(await readFile(join(directory, "bin/tool"), "utf8"), "#!/bin/sh\necho hi\n");
        assert.equal((await stat(join(directory, "bin/tool"))).mode & 0o777, 0o755);
        // Readable by the runtime whatever the archive said.
        assert.equal((await stat(join(directory, "index.js"))).mode & 0o444, 0o444);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    }
  });

  it("refuses what is not a zip, damaged data and names that escape the code directory", async () => {
    await assert.rejects(checkZipArchive(Buffer.from("definitely not a zip archive"), CAP), ZipFormatError);
    await assert.rejects(checkZipArchive(Buffer.alloc(0), CAP), ZipFormatError);

    const zip = Buffer.from(writeZip([{ name: "index.js", data: Buffer.from("exports.handler = async () => 'intact';") }]));
    // Flip a byte of the deflated data (after the 30-byte local header and the 8-byte name).
    zip[30 + 8 + 2]! ^= 0xff;
    await assert.rejects(checkZipArchive(zip, CAP), ZipFormatError);

    for (const name of ["../escape.js", "/etc/passwd", "a/../../b.js"]) {
      await assert.rejects(checkZipArchive(Buffer.from(writeZip([{ name, data: Buffer.from("x") }])), CAP), ZipFormatError, name);
    }
  });

  it("refuses a name that is a file in one entry and a directory in another", async () => {
    const zip = Buffer.from(writeZip([{ name: "lib", data: Buffer.from("a file") }, { name: "lib/index.js", data: Buffer.from("x") }]));
    await assert.rejects(checkZipArchive(zip, CAP), /lib is both a file and a directory/);
  });

  it("refuses declared sizes over the cap before inflating, and inflation past a lying header", async () => {
    const megabyte = Buffer.alloc(1024 * 1024, 0x61);
    const honest = Buffer.from(writeZip([{ name: "a.bin", data: megabyte }, { name: "b.bin", data: megabyte }]));
    await assert.rejects(checkZipArchive(honest, 1024 * 1024), ZipTooLargeError);

    // The same archive claiming 100 bytes per entry (central directory and local headers both lie).
    const lying = withDeclaredSizes(honest, 100);
    await assert.rejects(checkZipArchive(lying, 1024 * 1024), (error: Error) => error instanceof ZipFormatError || error instanceof ZipTooLargeError);
    await assert.rejects(checkZipArchive(lying, CAP), ZipFormatError, "an entry inflating past its declared size is refused even under the cap");
  });
});

/** Rewrites every entry's declared uncompressed size, in the local headers and the central directory. */
function withDeclaredSizes(zip: Buffer, size: number): Buffer {
  const copy = Buffer.from(zip);
  for (let i = 0; i + 4 <= copy.length; i++) {
    const signature = copy.readUInt32LE(i);
    if (signature === 0x04034b50) copy.writeUInt32LE(size, i + 22);
    if (signature === 0x02014b50) copy.writeUInt32LE(size, i + 24);
  }
  return copy;
}

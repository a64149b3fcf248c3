/**
 * Reads the deployment packages Lambda accepts with yauzl (PKZIP, stored or
 * deflated entries, through the central directory as unzip does). What a
 * zip bomb needs is refused before and while inflating:
 *
 * - before: the declared unzipped sizes add up to at most the cap (Lambda's
 *   250 MB), names stay inside the code directory, no file is also a
 *   directory, nothing is encrypted;
 * - while: every entry inflates as a stream (other requests are answered
 *   meanwhile), never past its declared size (yauzl's validateEntrySizes
 *   catches lying headers) nor past the cap, and must match its CRC-32.
 *
 * Nothing inflated is kept: checking discards the data, extracting streams
 * it to files.
 */
import { createWriteStream } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32 } from "node:zlib";
import yauzl, { type Entry, type ZipFile } from "yauzl";

export class ZipFormatError extends Error {}

/** Too large once unzipped, by the declared sizes or by what inflating produced. */
export class ZipTooLargeError extends Error {}

export interface ZipArchiveEntry {
  /** `/`-separated path inside the archive, without a trailing slash for directories. */
  name: string;
  isDirectory: boolean;
  /** Unix permission bits when the archive records them (zips made on Unix), else undefined. */
  mode: number | undefined;
  uncompressedSize: number;
}

const MADE_BY_UNIX = 3;

/** Checks the whole archive as described above and lists its entries; throws ZipFormatError or ZipTooLargeError. */
export async function checkZipArchive(zip: Buffer, maxUnzippedBytes: number): Promise<ZipArchiveEntry[]> {
  const archive = await open(zip);
  try {
    const listed = await listEntries(archive);
    const entries = listed.map(({ entry }) => entry);
    const declared = entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
    if (declared > maxUnzippedBytes) throw new ZipTooLargeError(`the entries declare ${declared} bytes unzipped`);
    refuseFileDirectoryConflicts(entries);
    let inflated = 0;
    for (const { entry, raw } of listed) {
      if (entry.isDirectory) continue;
      const stream = await openEntry(archive, raw);
      let checksum = 0;
      const check = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          inflated += chunk.length;
          if (inflated > maxUnzippedBytes) return done(new ZipTooLargeError(`the entries inflate to more than ${maxUnzippedBytes} bytes`));
          checksum = crc32(chunk, checksum);
          done();
        },
      });
      await pipeline(stream, check).catch((error: unknown) => {
        throw error instanceof ZipTooLargeError ? error : new ZipFormatError(`data of ${entry.name} cannot be inflated: ${(error as Error).message}`);
      });
      if (checksum >>> 0 !== raw.crc32 >>> 0) throw new ZipFormatError(`data of ${entry.name} fails its CRC-32 check`);
    }
    return entries;
  } finally {
    archive.close();
  }
}

/** Writes every entry of a checked archive under `directory`, keeping executable bits. */
export async function extractZipArchive(zip: Buffer, directory: string): Promise<void> {
  const root = resolve(directory);
  const archive = await open(zip);
  try {
    for (const { entry, raw } of await listEntries(archive)) {
      const target = join(root, ...entry.name.split("/"));
      if (entry.isDirectory) {
        await mkdir(target, { recursive: true });
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      await pipeline(await openEntry(archive, raw), createWriteStream(target));
      // Lambda runs code as a non-owner user: keep what is executable, make everything readable.
      if (entry.mode !== undefined) await chmod(target, (entry.mode | 0o444) & 0o777);
    }
  } finally {
    archive.close();
  }
}

async function open(zip: Buffer): Promise<ZipFile> {
  try {
    // yauzl refuses absolute names and ".." segments; backslashes are read as separators.
    return await yauzl.fromBufferPromise(zip, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true });
  } catch (error) {
    throw new ZipFormatError((error as Error).message);
  }
}

async function listEntries(archive: ZipFile): Promise<{ entry: ZipArchiveEntry; raw: Entry }[]> {
  const listed: { entry: ZipArchiveEntry; raw: Entry }[] = [];
  try {
    for await (const raw of archive.eachEntry()) {
      if (raw.isEncrypted()) throw new ZipFormatError(`entry ${raw.fileName} is encrypted`);
      if (raw.compressionMethod !== 0 && raw.compressionMethod !== 8) {
        throw new ZipFormatError(`entry ${raw.fileName} uses unsupported compression method ${raw.compressionMethod}`);
      }
      const isDirectory = raw.fileName.endsWith("/");
      const unixMode = raw.versionMadeBy >> 8 === MADE_BY_UNIX ? (raw.externalFileAttributes >>> 16) & 0o7777 : 0;
      listed.push({
        entry: { name: entryName(raw.fileName), isDirectory, mode: unixMode === 0 ? undefined : unixMode, uncompressedSize: raw.uncompressedSize },
        raw,
      });
    }
  } catch (error) {
    throw error instanceof ZipFormatError ? error : new ZipFormatError((error as Error).message);
  }
  return listed;
}

async function openEntry(archive: ZipFile, raw: Entry): Promise<Readable> {
  try {
    return await archive.openReadStreamPromise(raw);
  } catch (error) {
    throw new ZipFormatError(`entry ${raw.fileName} cannot be read: ${(error as Error).message}`);
  }
}

function entryName(rawName: string): string {
  const segments = rawName.split("/").filter((segment) => segment.length > 0 && segment !== ".");
  if (segments.length === 0) throw new ZipFormatError("entry has an empty name");
  return segments.join("/");
}

/** A name that is a file in one entry and a directory (itself or by a deeper entry) in another cannot be extracted. */
function refuseFileDirectoryConflicts(entries: readonly ZipArchiveEntry[]): void {
  const files = new Set<string>();
  const directories = new Set<string>();
  for (const entry of entries) {
    const segments = entry.name.split("/");
    for (let i = 1; i < segments.length; i++) directories.add(segments.slice(0, i).join("/"));
    (entry.isDirectory ? directories : files).add(entry.name);
  }
  for (const name of files) if (directories.has(name)) throw new ZipFormatError(`${name} is both a file and a directory`);
}

/**
 * Reads the deployment packages Lambda accepts: classic PKZIP archives
 * (APPNOTE 6.3) with stored or deflated entries, found through the central
 * directory as unzip does. Entries are checked against their CRC-32, and
 * names that would escape the code directory are refused.
 */
import { mkdir, writeFile, chmod } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { crc32, inflateRawSync } from "node:zlib";

export class ZipFormatError extends Error {}

export interface ZipArchiveEntry {
  /** `/`-separated path inside the archive, without a trailing slash for directories. */
  name: string;
  isDirectory: boolean;
  /** Unix permission bits when the archive records them (zips made on Unix), else undefined. */
  mode: number | undefined;
  uncompressedSize: number;
  /** Inflates and verifies the entry. */
  read(): Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const FLAG_ENCRYPTED = 0x0001;
const MADE_BY_UNIX = 3;
const ZIP64_MARKER = 0xffffffff;

export function readZipArchive(bytes: Uint8Array): ZipArchiveEntry[] {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(zip);
  const entryCount = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  const directoryOffset = zip.readUInt32LE(end + 16);
  if (directoryOffset === ZIP64_MARKER || directorySize === ZIP64_MARKER) {
    throw new ZipFormatError("zip64 archives are not supported");
  }
  if (directoryOffset + directorySize > end) throw new ZipFormatError("central directory lies outside the archive");

  const entries: ZipArchiveEntry[] = [];
  let position = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (position + 46 > zip.length || zip.readUInt32LE(position) !== CENTRAL_HEADER) {
      throw new ZipFormatError("central directory entry is malformed");
    }
    const madeBy = zip.readUInt16LE(position + 4) >> 8;
    const flags = zip.readUInt16LE(position + 8);
    const method = zip.readUInt16LE(position + 10);
    const checksum = zip.readUInt32LE(position + 16);
    const compressedSize = zip.readUInt32LE(position + 20);
    const uncompressedSize = zip.readUInt32LE(position + 24);
    const nameLength = zip.readUInt16LE(position + 28);
    const extraLength = zip.readUInt16LE(position + 30);
    const commentLength = zip.readUInt16LE(position + 32);
    const externalAttributes = zip.readUInt32LE(position + 38);
    const localOffset = zip.readUInt32LE(position + 42);
    const rawName = zip.subarray(position + 46, position + 46 + nameLength).toString("utf8");
    position += 46 + nameLength + extraLength + commentLength;

    if (flags & FLAG_ENCRYPTED) throw new ZipFormatError(`entry ${rawName} is encrypted`);
    if (compressedSize === ZIP64_MARKER || uncompressedSize === ZIP64_MARKER || localOffset === ZIP64_MARKER) {
      throw new ZipFormatError("zip64 archives are not supported");
    }
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
      throw new ZipFormatError(`entry ${rawName} uses unsupported compression method ${method}`);
    }
    const isDirectory = rawName.endsWith("/");
    const name = safeEntryName(rawName);
    const unixMode = madeBy === MADE_BY_UNIX ? (externalAttributes >>> 16) & 0o7777 : 0;
    entries.push({
      name,
      isDirectory,
      mode: unixMode === 0 ? undefined : unixMode,
      uncompressedSize,
      read: () => readEntryData(zip, rawName, localOffset, method, compressedSize, uncompressedSize, checksum),
    });
  }
  return entries;
}

/** Writes every entry under `directory`, keeping executable bits, and returns the bytes written. */
export async function extractZipArchive(entries: readonly ZipArchiveEntry[], directory: string): Promise<number> {
  const root = resolve(directory);
  let written = 0;
  for (const entry of entries) {
    const target = join(root, ...entry.name.split("/"));
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    const data = entry.read();
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
    // Lambda runs code as a non-owner user: keep what is executable, make everything readable.
    if (entry.mode !== undefined) await chmod(target, (entry.mode | 0o444) & 0o777);
    written += data.length;
  }
  return written;
}

/** Sum of the entries' declared sizes: what Lambda's 250 MB unzipped limit is measured on. */
export function unzippedSize(entries: readonly ZipArchiveEntry[]): number {
  return entries.reduce((total, entry) => total + entry.uncompressedSize, 0);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const earliest = Math.max(0, zip.length - END_RECORD_SIZE - MAX_COMMENT);
  for (let position = zip.length - END_RECORD_SIZE; position >= earliest; position--) {
    if (zip.readUInt32LE(position) === END_OF_CENTRAL_DIRECTORY) return position;
  }
  throw new ZipFormatError("end of central directory record not found");
}

function safeEntryName(rawName: string): string {
  const segments = rawName.replace(/\\/g, "/").split("/").filter((segment) => segment.length > 0 && segment !== ".");
  if (rawName.startsWith("/") || /^[a-zA-Z]:/.test(rawName) || segments.includes("..")) {
    throw new ZipFormatError(`entry ${rawName} would be extracted outside the code directory`);
  }
  if (segments.length === 0) throw new ZipFormatError("entry has an empty name");
  return segments.join("/");
}

function readEntryData(
  zip: Buffer,
  name: string,
  localOffset: number,
  method: number,
  compressedSize: number,
  uncompressedSize: number,
  checksum: number,
): Buffer {
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_HEADER) {
    throw new ZipFormatError(`local header of ${name} is malformed`);
  }
  // The local header's own name and extra lengths decide where the data starts.
  const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  const dataEnd = dataStart + compressedSize;
  if (dataEnd > zip.length) throw new ZipFormatError(`data of ${name} lies outside the archive`);
  const raw = zip.subarray(dataStart, dataEnd);
  let data: Buffer;
  try {
    data = method === METHOD_STORED ? Buffer.from(raw) : inflateRawSync(raw);
  } catch {
    throw new ZipFormatError(`data of ${name} cannot be inflated`);
  }
  if (data.length !== uncompressedSize || crc32(data) !== checksum) {
    throw new ZipFormatError(`data of ${name} fails its CRC-32 check`);
  }
  return data;
}

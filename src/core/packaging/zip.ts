/**
 * Lambda deployment zips, written with archiver. Every byte is a function of
 * the entries alone: Lambda reports CodeSha256, and an unchanged bundle must
 * give an unchanged hash so re-running setup uploads nothing. So the date is
 * fixed (archiver stamps the current time otherwise), modes are fixed, and
 * entries go in sorted order.
 */
import { ZipArchive } from "archiver";

export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  name: string;
  data: Uint8Array;
}

/** The earliest DOS date, in UTC (archiver writes UTC times unless told to use local ones). */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1));
/** rw-r--r--: Lambda needs the code readable by the runtime's user. */
const FILE_MODE = 0o644;

export async function zipFiles(entries: readonly ZipEntry[]): Promise<Uint8Array> {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  sorted.forEach((entry, index) => {
    if (index > 0 && entry.name === sorted[index - 1]!.name) throw new Error(`duplicate zip entry ${entry.name}`);
  });
  const archive = new ZipArchive({ zlib: { level: 9 } });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on("data", (chunk: Buffer) => chunks.push(chunk));
    archive.on("end", () => resolve());
    archive.on("error", reject);
    archive.on("warning", reject);
  });
  for (const entry of sorted) {
    archive.append(Buffer.from(entry.data), { name: entry.name, date: FIXED_DATE, mode: FILE_MODE });
  }
  await archive.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

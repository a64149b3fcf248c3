/**
 * Reads an authenticated request's body within its cap, hashing it on the
 * way in when authentication still needs the hash. A body that outgrows the
 * cap ends the connection at once: nothing above the cap is ever held.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AwsError } from "../errors.js";
import type { BodyLimit } from "./body-limits.js";

export interface ReadBody {
  body: Buffer;
  /** Hex SHA-256 of the body; empty when it was not asked for. */
  sha256: string;
}

const EMPTY_BODY = Buffer.alloc(0);

/** aws-chunked framing (size lines, chunk signatures, trailers) on top of the decoded bytes the cap counts. */
function framingAllowance(bytes: number): number {
  return Math.ceil(bytes / 64) + 64 * 1024;
}

export function readBody(req: IncomingMessage, limit: BodyLimit, chunked: boolean, hash: boolean): Promise<ReadBody> {
  const cap = chunked ? limit.bytes + framingAllowance(limit.bytes) : limit.bytes;
  const hasher = hash ? createHash("sha256") : undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        req.removeAllListeners("data");
        reject(new BodyTooLarge(limit.error));
        return;
      }
      hasher?.update(chunk);
      chunks.push(chunk);
    });
    req.on("end", () => {
      // Most bodies arrive in one chunk, which needs no copy.
      const body = chunks.length === 1 ? chunks[0]! : chunks.length === 0 ? EMPTY_BODY : Buffer.concat(chunks, size);
      resolve({ body, sha256: hasher?.digest("hex") ?? "" });
    });
    // A client that goes away mid-body ends the request with an "aborted" error.
    req.on("error", reject);
  });
}

/** The body went past its cap: answer the service's error and close the connection. */
export class BodyTooLarge extends Error {
  constructor(readonly error: AwsError) {
    super(error.message);
  }
}

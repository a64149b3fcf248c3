/**
 * A multipart upload in progress: its parts, and the rules CompleteMultipartUpload
 * applies when assembling them (ascending part list, matching ETags, 5 MiB
 * minimum for every part but the last), producing the multipart ETag of §2.3.
 */
import type { ChecksumAlgorithm, ChecksumType, CompletedPart } from "@aws-sdk/client-s3";
import { AwsError } from "../../errors.js";
import { compositeCrc32, crc32Base64, multipartEtag, quote, unquote } from "./checksums.js";
import { badDigest, malformedXml } from "./errors.js";
import type { ObjectContent } from "./object-version.js";

const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PART_NUMBER = 10_000;

export interface UploadedPart {
  partNumber: number;
  body: Buffer;
  /** Unquoted MD5 hex. */
  etag: string;
  lastModified: Date;
  checksumCrc32?: string;
}

/** The object's attributes fixed at CreateMultipartUpload. */
export type UploadTemplate = Omit<ObjectContent, "body" | "etag" | "checksum" | "partSizes">;

export class MultipartUpload {
  private readonly parts = new Map<number, UploadedPart>();

  constructor(
    readonly uploadId: string,
    readonly key: string,
    readonly initiated: Date,
    readonly ownerAccount: string,
    readonly template: UploadTemplate,
    readonly checksumAlgorithm: ChecksumAlgorithm | undefined,
    readonly checksumType: ChecksumType | undefined,
  ) {}

  /** Uploading a part number again replaces that part. */
  putPart(part: UploadedPart): void {
    this.parts.set(part.partNumber, part);
  }

  sortedParts(): UploadedPart[] {
    return [...this.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Validates the client's part list and assembles the object. */
  assemble(requested: readonly CompletedPart[], fullObjectCrc32: string | undefined): ObjectContent {
    if (requested.length === 0) {
      throw malformedXml();
    }
    const chosen: UploadedPart[] = [];
    let previous = 0;
    for (const entry of requested) {
      const partNumber = entry.PartNumber ?? 0;
      if (partNumber <= previous) {
        throw new AwsError("InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.", {
          status: 400,
          fields: { UploadId: this.uploadId },
        });
      }
      previous = partNumber;
      const part = this.parts.get(partNumber);
      const etagMatches = part !== undefined && entry.ETag !== undefined && unquote(entry.ETag) === part.etag;
      const checksumMatches = entry.ChecksumCRC32 === undefined || entry.ChecksumCRC32 === part?.checksumCrc32;
      if (!part || !etagMatches || !checksumMatches) {
        throw new AwsError(
          "InvalidPart",
          "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { status: 400, fields: { UploadId: this.uploadId, PartNumber: String(partNumber), ETag: entry.ETag ?? "" } },
        );
      }
      chosen.push(part);
    }
    chosen.slice(0, -1).forEach((part) => {
      if (part.body.length < MIN_PART_BYTES) {
        throw new AwsError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.", {
          status: 400,
          fields: {
            ProposedSize: String(part.body.length),
            MinSizeAllowed: String(MIN_PART_BYTES),
            PartNumber: String(part.partNumber),
            ETag: quote(part.etag),
          },
        });
      }
    });
    const body = Buffer.concat(chosen.map((part) => part.body));
    return {
      ...this.template,
      body,
      etag: multipartEtag(chosen.map((part) => part.etag)),
      partSizes: chosen.map((part) => part.body.length),
      checksum: this.checksumOf(chosen, body, fullObjectCrc32),
    };
  }

  /**
   * CRC32 uploads get a COMPOSITE checksum (CRC32 of the part CRC32s, "-N")
   * unless created as FULL_OBJECT, in which case it is the CRC32 of the whole
   * object and a checksum the client sends on Complete must match it.
   */
  private checksumOf(parts: UploadedPart[], body: Buffer, fullObjectCrc32: string | undefined): ObjectContent["checksum"] {
    if (this.checksumAlgorithm !== "CRC32") return undefined;
    if (this.checksumType === "FULL_OBJECT") {
      const crc32 = crc32Base64(body);
      if (fullObjectCrc32 !== undefined && fullObjectCrc32 !== crc32) {
        throw badDigest(`The CRC32 you specified did not match the calculated checksum.`);
      }
      return { crc32, type: "FULL_OBJECT" };
    }
    // UploadPart refuses CRC32 uploads' parts without a CRC32, so every part has one.
    return { crc32: compositeCrc32(parts.map((part) => part.checksumCrc32!)), type: "COMPOSITE" };
  }
}

/**
 * A function's deployment package: the zip as uploaded (Code.ZipFile), its
 * CodeSha256 (base64 SHA-256 of the zip bytes) and CodeSize, checked the way
 * Lambda checks uploads (size limits, must unzip, at most 250 MB unzipped:
 * "Lambda quotas"). The check inflates as a stream, so other requests are
 * answered meanwhile.
 */
import { createHash } from "node:crypto";
import { AwsError } from "../../errors.js";
import { invalidParameter } from "./errors.js";
import { checkZipArchive, extractZipArchive, ZipFormatError, ZipTooLargeError } from "./zip-archive.js";

/** 50 MB zipped for a direct upload; the limit is stated on the base64 request size. */
const MAX_ZIP_BYTES = 50 * 1024 * 1024;
const MAX_ZIP_BASE64_BYTES = 69905067;
const MAX_UNZIPPED_BYTES = 262144000;

export interface CodeSource {
  ZipFile?: Uint8Array;
  S3Bucket?: string;
  S3Key?: string;
  ImageUri?: string;
}

export class FunctionCode {
  readonly sha256: string;

  private constructor(readonly zip: Buffer) {
    this.sha256 = createHash("sha256").update(zip).digest("base64");
  }

  get size(): number {
    return this.zip.length;
  }

  /** Validates an upload; `operation` names the API call in size errors. */
  static async fromUpload(source: CodeSource, operation: "CreateFunction" | "UpdateFunctionCode"): Promise<FunctionCode> {
    if (source.ZipFile === undefined) {
      if (source.S3Bucket !== undefined || source.ImageUri !== undefined) {
        throw invalidParameter("The eda emulator accepts deployment packages as Code.ZipFile only (no S3Bucket/S3Key or ImageUri).");
      }
      // Wording unconfirmed: no code at all.
      throw invalidParameter("Please provide a source for function code.");
    }
    const zip = Buffer.from(source.ZipFile);
    if (zip.length > MAX_ZIP_BYTES) {
      throw new AwsError("RequestEntityTooLargeException", `Request must be smaller than ${MAX_ZIP_BASE64_BYTES} bytes for the ${operation} operation`, {
        status: 413,
      });
    }
    try {
      // Every entry is inflated once, so a damaged one is refused now rather than at the first cold start.
      await checkZipArchive(zip, MAX_UNZIPPED_BYTES);
    } catch (error) {
      if (error instanceof ZipTooLargeError) throw invalidParameter(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
      if (error instanceof ZipFormatError) throw invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
      throw error;
    }
    return new FunctionCode(zip);
  }

  async extractTo(directory: string): Promise<void> {
    await extractZipArchive(this.zip, directory);
  }
}

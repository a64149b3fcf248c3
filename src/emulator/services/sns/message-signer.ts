/**
 * Signs notifications the way SNS does (SignatureVersion 1 = SHA1withRSA,
 * 2 = SHA256withRSA over the documented string to sign) with a key pair made
 * when the first message is signed, and serves the matching self-signed
 * certificate at SigningCertURL so consumers can verify signatures locally.
 */
import { createHash, generateKeyPair, sign, type KeyObject } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import type { ServiceHub } from "../service.js";

const generateRsaKeyPair = promisify(generateKeyPair);
/** With a callback, RSA signing runs on libuv's thread pool instead of holding up the event loop. */
const signAsync = promisify(sign);

/** Certificates live under AWS's file name pattern, on the emulator's own endpoint. */
export const CERTIFICATE_PATH_PREFIX = "/SimpleNotificationService-";

const TEN_YEARS_MS = 10 * 365 * 24 * 3600 * 1000;

interface SigningIdentity {
  privateKey: KeyObject;
  certificatePem: string;
  certificatePath: string;
}

export type SignatureVersion = "1" | "2";

export class MessageSigner {
  private identity: Promise<SigningIdentity> | undefined;

  constructor(private readonly hub: ServiceHub) {}

  /** Base64 signature over the fields in AWS's canonical "Name\nvalue\n" form, names in byte order. */
  async sign(fields: Record<string, string>, version: SignatureVersion): Promise<string> {
    const text = Object.keys(fields)
      .sort()
      .map((name) => `${name}\n${fields[name]}\n`)
      .join("");
    const { privateKey } = await this.signingIdentity();
    return (await signAsync(version === "2" ? "sha256" : "sha1", Buffer.from(text, "utf8"), privateKey)).toString("base64");
  }

  async certificateUrl(): Promise<string> {
    return `${this.hub.endpoint}${(await this.signingIdentity()).certificatePath}`;
  }

  /** Raw HTTP handler for GET <SigningCertURL>. */
  async serveCertificate(_request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const identity = this.identity ? await this.identity : undefined;
    if (!identity || url.pathname !== identity.certificatePath) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("Not Found");
      return;
    }
    response.writeHead(200, { "content-type": "application/x-x509-ca-cert" });
    response.end(identity.certificatePem);
  }

  private signingIdentity(): Promise<SigningIdentity> {
    this.identity ??= this.createIdentity();
    return this.identity;
  }

  private async createIdentity(): Promise<SigningIdentity> {
    const { privateKey, publicKey } = await generateRsaKeyPair("rsa", { modulusLength: 2048 });
    const now = this.hub.clock.now();
    const certificate = selfSignedCertificate({
      commonName: "sns.amazonaws.com",
      serial: Buffer.from(this.hub.random.hex(8), "hex"),
      notBefore: now,
      notAfter: now + TEN_YEARS_MS,
      publicKeyDer: publicKey.export({ type: "spki", format: "der" }),
      privateKey,
    });
    const base64 = certificate.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
    return {
      privateKey,
      certificatePem: `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`,
      certificatePath: `${CERTIFICATE_PATH_PREFIX}${createHash("md5").update(certificate).digest("hex")}.pem`,
    };
  }
}

interface CertificateRequest {
  commonName: string;
  serial: Buffer;
  notBefore: number;
  notAfter: number;
  publicKeyDer: Buffer;
  privateKey: KeyObject;
}

const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
const COMMON_NAME = "2.5.4.3";

/** A minimal X.509 v3 certificate (RFC 5280), DER encoded, signed by its own key. */
function selfSignedCertificate(request: CertificateRequest): Buffer {
  const algorithm = sequence(objectIdentifier(SHA256_WITH_RSA), der(0x05, Buffer.alloc(0)));
  const name = sequence(set(sequence(objectIdentifier(COMMON_NAME), der(0x0c, Buffer.from(request.commonName, "utf8")))));
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))),
    integer(request.serial),
    algorithm,
    name,
    sequence(time(request.notBefore), time(request.notAfter)),
    name,
    request.publicKeyDer,
  );
  const signature = sign("sha256", tbs, request.privateKey);
  return sequence(tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

function der(tag: number, content: Buffer): Buffer {
  const length = content.length;
  if (length < 0x80) return Buffer.concat([Buffer.from([tag, length]), content]);
  const lengthBytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length, ...lengthBytes]), content]);
}

function sequence(...items: Buffer[]): Buffer {
  return der(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return der(0x31, Buffer.concat(items));
}

/** A non-negative INTEGER: a leading zero keeps the sign bit clear. */
function integer(bytes: Buffer): Buffer {
  return der(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function objectIdentifier(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split(".").map(Number) as [number, number, ...number[]];
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >>> 7; value > 0; value >>>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires. */
function time(epochMs: number): Buffer {
  const iso = new Date(epochMs).toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "");
  const year = Number(digits.slice(0, 4));
  return year < 2050 ? der(0x17, Buffer.from(`${digits.slice(2)}Z`)) : der(0x18, Buffer.from(`${digits}Z`));
}

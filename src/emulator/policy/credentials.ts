/**
 * Access keys the gateway accepts. The admin key pair is fixed by the
 * settings; role sessions (a Lambda function's execution role) get temporary
 * keys with a session token, exactly like credentials from STS.
 */
import type { Clock, Random } from "../clock.js";
import type { Principal, RoleSessionPrincipal } from "./principal.js";

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

interface CredentialRecord {
  secretAccessKey: string;
  sessionToken?: string;
  principal: Principal;
  expiresAt?: number;
}

export class CredentialRegistry {
  private readonly records = new Map<string, CredentialRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly random: Random,
  ) {}

  addPermanent(accessKeyId: string, secretAccessKey: string, principal: Principal): void {
    this.records.set(accessKeyId, { secretAccessKey, principal });
  }

  issueSession(principal: RoleSessionPrincipal, ttlSeconds = 12 * 3600): IssuedCredentials {
    const accessKeyId = `ASIA${this.random.hex(8).toUpperCase()}`;
    const secretAccessKey = Buffer.from(this.random.hex(30), "hex").toString("base64");
    const sessionToken = Buffer.from(`eda-session:${this.random.hex(32)}`).toString("base64");
    const expiresAt = this.clock.now() + ttlSeconds * 1000;
    this.records.set(accessKeyId, { secretAccessKey, sessionToken, principal, expiresAt });
    return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(expiresAt) };
  }

  revoke(accessKeyId: string): void {
    this.records.delete(accessKeyId);
  }

  /** Revokes every session of a role (its function was deleted, or the role was). */
  revokeRole(roleArn: string): void {
    for (const [key, record] of this.records) {
      if (record.principal.kind === "role-session" && record.principal.roleArn === roleArn) this.records.delete(key);
    }
  }

  /** A role session's key that existed and has expired (AWS answers ExpiredToken rather than an unknown key). */
  expired(accessKeyId: string): boolean {
    const expiresAt = this.records.get(accessKeyId)?.expiresAt;
    return expiresAt !== undefined && expiresAt < this.clock.now();
  }

  lookup(accessKeyId: string): CredentialRecord | undefined {
    const record = this.records.get(accessKeyId);
    if (record?.expiresAt !== undefined && record.expiresAt < this.clock.now()) return undefined;
    return record;
  }
}
